/// What `summary(net)` shows: each layer, its output shape, its parameter count, and the total.
public struct NetworkSummary: CustomStringConvertible, Sendable {
    public struct Row: Sendable, Equatable {
        public var index: String
        public var layer: String
        /// `(N, 128)`; `(N, ?)` where the width is unknown.
        public var outputShape: String
        public var parameters: Int
    }

    public var rows: [Row]
    public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }

    /// Summarises `net`, given the input width (taken from its first Linear layer if nil).
    public init(_ net: Layer, inputFeatures: Int? = nil) {
        var width = inputFeatures ?? net.inputFeatures
        let layers: [(String, Layer)] = (net as? Sequential).map { s in
            s.layers.enumerated().map { ("\($0.offset)", $0.element) }
        } ?? [("", net)]
        rows = layers.map { index, layer in
            width = layer.outputFeatures(input: width)
            let name = layer.description.split(separator: "\n").first.map(String.init) ?? ""
            return Row(index: index, layer: name, outputShape: "(N, \(width.map(String.init) ?? "?"))",
                       parameters: layer.parameterCount)
        }
    }

    /// A plain-text table with a total line.
    public var description: String {
        let header = ["#", "layer", "output shape", "parameters"]
        let body = rows.map { [$0.index, $0.layer, $0.outputShape, "\($0.parameters)"] }
        let widths = (0..<4).map { c in ([header] + body).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                c == 3 ? String(repeating: " ", count: widths[c] - s.count) + s
                       : s + String(repeating: " ", count: widths[c] - s.count)
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 6)
        return ([line(header), rule] + body.map(line) + [rule, "total parameters: \(totalParameters)"])
            .joined(separator: "\n")
    }
}
