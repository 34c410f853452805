/// Points, optionally coloured (and shaped) by an integer class label.
public struct ScatterSeries: Sendable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    /// One class per point; `nil` draws every point in `color`.
    public var classes: [Int]?
    /// Legend names of classes 0, 1, ...; missing names read "class k".
    public var classNames: [String]
    public var color: Color?
    public var size: Double

    public init(label: String? = nil, x: [Double], y: [Double], classes: [Int]? = nil,
                classNames: [String] = [], color: Color? = nil, size: Double = 4.5) {
        self.label = label
        self.x = x
        self.y = y
        self.classes = classes
        self.classNames = classNames
        self.color = color
        self.size = size
    }
}

/// A classifier's decision over a rectangle: class `classes[row * columns + column]` at the
/// cell whose centre is column `column` from the left and row `row` from the bottom.
/// Drawn as a faint image under the scatter points, in the classes' palette colours.
public struct ClassRegions: Sendable {
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    public var columns: Int
    public var rows: Int
    public var classes: [Int]

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int, classes: [Int]) throws {
        guard columns > 0, rows > 0 else { throw PlotError.emptyGrid(rows: rows, columns: columns) }
        guard classes.count == columns * rows else {
            throw PlotError.sizeMismatch(what: "class grid", expected: columns * rows, got: classes.count)
        }
        self.x = x
        self.y = y
        self.columns = columns
        self.rows = rows
        self.classes = classes
    }

    /// Samples `classify` at the centres of a `columns` x `rows` grid over the rectangle.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int = 200, rows: Int = 200,
                classify: (Double, Double) throws -> Int) throws {
        var classes: [Int] = []
        classes.reserveCapacity(max(columns * rows, 0))
        for row in 0..<max(rows, 0) {
            let py = y.lowerBound + (Double(row) + 0.5) / Double(rows) * (y.upperBound - y.lowerBound)
            for column in 0..<max(columns, 0) {
                let px = x.lowerBound + (Double(column) + 0.5) / Double(columns) * (x.upperBound - x.lowerBound)
                classes.append(try classify(px, py))
            }
        }
        try self.init(x: x, y: y, columns: columns, rows: rows, classes: classes)
    }
}
