/// A byte range in one cell's source: every token, node and error carries one.
public struct Span: Equatable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// The text of one cell (or script), kept so that errors raised later, even from a function
/// defined in this cell and called from another, can quote the line and point at the column.
public final class SourceText: Sendable {
    public let name: String
    public let text: String
    let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The text of a 1-based line, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, end <= bytes.count, end - 1 >= start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The 1-based column of a byte offset, counted in characters.
    func column(of offset: Int) -> Int {
        let start = lineStarts[line(of: offset) - 1]
        let end = min(max(offset, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    /// The source line of a span and a caret line under it, as Python 3.11 prints them.
    func excerpt(_ span: Span) -> (line: Int, column: Int, text: String, caret: String) {
        let line = line(of: span.start)
        let column = column(of: span.start)
        let text = lineText(line)
        let lineEnd = lineStarts[line - 1] + Array(text.utf8).count
        let endColumn = span.end > span.start ? self.column(of: min(span.end, lineEnd)) : column + 1
        let width = max(1, endColumn - column)
        let caret = String(repeating: " ", count: column - 1) + String(repeating: "^", count: width)
        return (line, column, text, caret)
    }
}

