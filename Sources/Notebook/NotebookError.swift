/// Why a notebook could not be read, run or written, in words that name the file and the cell.
public struct NotebookError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
