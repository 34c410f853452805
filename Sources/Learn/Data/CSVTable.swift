/// A CSV file read into numbers: features row-major, and a target that is either class indices
/// (with the class names kept) or numeric values.
///
/// The format: a header row naming the columns, then one row per example, cells separated by
/// commas, optional double quotes around a cell (`""` inside is a quote; a quoted cell cannot span
/// lines), blank lines ignored, `\n` or `\r\n` line ends. Every feature cell must be a finite
/// number. The target column may hold text (classes, numbered in sorted order of their names),
/// non-negative integers (classes numbered by value) or any numbers (a regression target).
/// Errors name the file, the line and the column.
public struct CSVTable: Sendable {
    public enum Target: Sendable, Equatable {
        /// Class index per row and the name of each class.
        case classes([Int], names: [String])
        /// A numeric value per row.
        case values([Double])
    }

    public let featureNames: [String]
    public let targetName: String
    /// `rows × featureNames.count` values, row-major.
    public let features: [Double]
    public let target: Target
    public var rows: Int { featureNames.isEmpty ? 0 : features.count / featureNames.count }

    /// Parses `text`; `source` names the file in errors, `target` the target column (nil: the
    /// last column).
    public init(parsing text: String, source: String, target: String?) throws {
        var lines: [(number: Int, cells: [String])] = []
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            lines.append((number, try CSVTable.cells(of: line, source: source, line: number)))
        }
        guard let header = lines.first else {
            throw LearnError.value("\(source): the file is empty (expected a header row naming the columns)")
        }
        guard lines.count > 1 else {
            throw LearnError.value("\(source), line \(header.number): a header but no data rows")
        }
        let names = header.cells
        let targetIndex: Int
        if let target {
            guard let i = names.firstIndex(of: target) else {
                throw LearnError.value("\(source), line \(header.number): no target column named '\(target)'; the columns are \(names.joined(separator: ", "))")
            }
            targetIndex = i
        } else {
            targetIndex = names.count - 1
        }
        guard names.count >= 2 else {
            throw LearnError.value("\(source), line \(header.number): need at least one feature column besides the target, found \(names.count) column")
        }
        featureNames = names.enumerated().filter { $0.offset != targetIndex }.map(\.element)
        targetName = names[targetIndex]

        var values: [Double] = []
        values.reserveCapacity((lines.count - 1) * featureNames.count)
        var targetCells: [(line: Int, text: String)] = []
        targetCells.reserveCapacity(lines.count - 1)
        for (lineNumber, cells) in lines.dropFirst() {
            guard cells.count == names.count else {
                let where_ = cells.count < names.count
                    ? "column \(cells.count + 1) (\(names[cells.count])): the row ends after \(cells.count) cells but the header has \(names.count) columns"
                    : "column \(names.count + 1): the row has \(cells.count) cells but the header has \(names.count) columns"
                throw LearnError.value("\(source), line \(lineNumber), \(where_)")
            }
            for (column, cell) in cells.enumerated() {
                if column == targetIndex {
                    targetCells.append((lineNumber, cell))
                    continue
                }
                guard let v = Double(cell), v.isFinite else {
                    let what = cell.isEmpty ? "the cell is empty" : "'\(cell)' is not a finite number"
                    throw LearnError.value("\(source), line \(lineNumber), column \(column + 1) (\(names[column])): \(what)")
                }
                values.append(v)
            }
        }
        features = values
        self.target = try CSVTable.target(targetCells, source: source, column: targetIndex + 1, name: names[targetIndex])
    }

    /// Text targets become classes in sorted order of their names; non-negative integers become
    /// classes numbered by value; other numbers stay values.
    private static func target(_ cells: [(line: Int, text: String)], source: String, column: Int, name: String) throws -> Target {
        let numbers = cells.map { Double($0.text) }
        if numbers.allSatisfy({ $0 != nil }) {
            let v = numbers.map { $0! }
            if let bad = zip(cells, v).first(where: { !$0.1.isFinite }) {
                throw LearnError.value("\(source), line \(bad.0.line), column \(column) (\(name)): '\(bad.0.text)' is not a finite number")
            }
            if v.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) {
                let classes = Int(v.max() ?? 0) + 1
                return .classes(v.map { Int($0) }, names: (0..<classes).map(String.init))
            }
            return .values(v)
        }
        if let empty = cells.first(where: { $0.text.isEmpty }) {
            throw LearnError.value("\(source), line \(empty.line), column \(column) (\(name)): the target cell is empty")
        }
        let names = Array(Set(cells.map(\.text))).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        return .classes(cells.map { index[$0.text]! }, names: names)
    }

    /// Splits one line into trimmed cells, honouring double quotes.
    private static func cells(of line: Substring, source: String, line number: Int) throws -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    var lookahead = chars
                    if lookahead.next() == "\"" { current.append("\""); chars = lookahead } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if wasQuoted && (c == " " || c == "\t") {
                continue
            } else if c == "," {
                cells.append(wasQuoted ? current : current.trimmingSpaces())
                current = ""
                wasQuoted = false
            } else if c == "\"" && current.allSatisfy({ $0 == " " }) {
                quoted = true
                wasQuoted = true
                current = ""
            } else {
                current.append(c)
            }
        }
        guard !quoted else {
            throw LearnError.value("\(source), line \(number), column \(cells.count + 1): a quoted cell is not closed before the end of the line")
        }
        cells.append(wasQuoted ? current : current.trimmingSpaces())
        return cells
    }
}

private extension String {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
