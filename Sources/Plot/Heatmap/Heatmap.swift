/// A grid of values (such as a grid search's final losses) as coloured cells, with a viridis
/// colour bar, the value written in each cell when they fit, and the best cell outlined.
///
/// `values[row * columns + column]`; row 0 is drawn at the top. NaN cells are grey.
public struct Heatmap: Sendable {
    public enum Best: Sendable, Equatable {
        case minimum, maximum, none
    }

    public var values: [Double]
    public var rows: Int
    public var columns: Int
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var rowTitle: String?
    public var columnTitle: String?
    public var colorBarLabel: String?
    public var best: Best
    /// Colours by log10 of the value: losses spanning decades stay distinguishable.
    public var logColor: Bool
    /// Writes each cell's value; `nil` decides by whether the text fits.
    public var annotate: Bool?

    public init(values: [Double], rows: Int, columns: Int, rowLabels: [String] = [], columnLabels: [String] = [],
                rowTitle: String? = nil, columnTitle: String? = nil, colorBarLabel: String? = nil,
                best: Best = .minimum, logColor: Bool = false, annotate: Bool? = nil) throws {
        guard rows > 0, columns > 0 else { throw PlotError.emptyGrid(rows: rows, columns: columns) }
        guard values.count == rows * columns else {
            throw PlotError.sizeMismatch(what: "heatmap values (\(rows) x \(columns))", expected: rows * columns,
                                         got: values.count)
        }
        self.values = values
        self.rows = rows
        self.columns = columns
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.colorBarLabel = colorBarLabel
        self.best = best
        self.logColor = logColor
        self.annotate = annotate
    }

    /// The index of the best finite cell, if any.
    var bestIndex: Int? {
        let finite = values.indices.filter { values[$0].isFinite }
        switch best {
        case .minimum: return finite.min { values[$0] < values[$1] }
        case .maximum: return finite.max { values[$0] < values[$1] }
        case .none: return nil
        }
    }
}
