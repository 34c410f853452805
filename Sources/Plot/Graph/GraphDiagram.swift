/// A computational graph as plain data: labelled nodes and the edges between them (from an
/// input to the operation that consumes it). Drawn in layers from inputs at the top to the
/// result at the bottom, like torchviz.
public struct GraphDiagram: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A leaf that does not require a gradient (data).
        case input
        /// A leaf that requires a gradient (a weight).
        case parameter
        case operation
        /// The tensor the graph was drawn for.
        case output
    }

    public struct Node: Sendable, Equatable {
        public var id: Int
        public var label: String
        /// A second, smaller line such as a shape: "(64, 10)".
        public var detail: String?
        public var kind: Kind

        public init(id: Int, label: String, detail: String? = nil, kind: Kind = .operation) {
            self.id = id
            self.label = label
            self.detail = detail
            self.kind = kind
        }
    }

    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        /// Text written on the edge, such as a weight: "w1 = 0.1".
        public var label: String?

        public init(from: Int, to: Int, label: String? = nil) {
            self.from = from
            self.to = to
            self.label = label
        }
    }

    public var nodes: [Node]
    public var edges: [Edge]

    public init(nodes: [Node], edges: [Edge]) throws {
        var ids = Set<Int>()
        for node in nodes where !ids.insert(node.id).inserted { throw PlotError.duplicateNode(node.id) }
        for edge in edges {
            if !ids.contains(edge.from) { throw PlotError.unknownNode(edge.from) }
            if !ids.contains(edge.to) { throw PlotError.unknownNode(edge.to) }
        }
        self.nodes = nodes
        self.edges = edges
        if layers() == nil { throw PlotError.cyclicGraph }
    }

    /// Each node's layer: 0 for nodes without inputs, else one more than its deepest input.
    /// `nil` when the edges form a cycle. Iterative (Kahn's algorithm), so deep graphs are fine.
    func layers() -> [Int: Int]? {
        var indegree = Dictionary(nodes.map { ($0.id, 0) }, uniquingKeysWith: { first, _ in first })
        var successors: [Int: [Int]] = [:]
        for edge in edges {
            indegree[edge.to, default: 0] += 1
            successors[edge.from, default: []].append(edge.to)
        }
        var layer: [Int: Int] = [:]
        var ready = nodes.map(\.id).filter { indegree[$0] == 0 }
        for id in ready { layer[id] = 0 }
        var visited = 0
        while let id = ready.popLast() {
            visited += 1
            for next in successors[id] ?? [] {
                layer[next] = max(layer[next] ?? 0, (layer[id] ?? 0) + 1)
                indegree[next, default: 0] -= 1
                if indegree[next] == 0 { ready.append(next) }
            }
        }
        guard visited == indegree.count else { return nil }
        // Leaves sit just above their first consumer, as graphviz ranks them, not all on top.
        for node in nodes where !edges.contains(where: { $0.to == node.id }) {
            let consumers = (successors[node.id] ?? []).compactMap { layer[$0] }
            if let first = consumers.min() { layer[node.id] = max(first - 1, 0) }
        }
        return layer
    }
}
