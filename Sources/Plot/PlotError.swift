/// Why a figure could not be built or rendered.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case sizeMismatch(what: String, expected: Int, got: Int)
    case emptyGrid(rows: Int, columns: Int)
    case levelCount(Int, maximum: Int)
    case invalidSize(width: Double, height: Double)
    case cyclicGraph
    case unknownNode(Int)
    case duplicateNode(Int)
    case unsupportedFileExtension(String)
    case cairo(String)
    case io(path: String, reason: String)
    /// An interrupt was requested while the figure rendered; the request stays pending.
    case interrupted

    public var description: String {
        switch self {
        case let .sizeMismatch(what, expected, got):
            return "\(what): expected \(expected) values, got \(got)"
        case let .emptyGrid(rows, columns):
            return "grid must have at least one row and one column, got \(rows) x \(columns)"
        case let .levelCount(count, maximum):
            return "levels must be between 2 and \(maximum), got \(count)"
        case let .invalidSize(width, height):
            return "figure size must be between 16 and 8192 points, got \(width) x \(height)"
        case .cyclicGraph:
            return "graph has a cycle: a computational graph must be acyclic"
        case let .unknownNode(id):
            return "edge refers to node \(id), which is not in the graph"
        case let .duplicateNode(id):
            return "graph has two nodes with id \(id): node ids must be unique"
        case let .unsupportedFileExtension(ext):
            return "cannot save a figure as '.\(ext)': use .png or .svg"
        case let .cairo(status):
            return "cairo failed: \(status)"
        case let .io(path, reason):
            return "cannot write \(path): \(reason)"
        case .interrupted:
            return "interrupted"
        }
    }
}
