/// The inputs (and plain-text outputs) of this kernel's cells, kept in memory for
/// `history_request`. One kernel process is one history session, numbered 1.
struct History {
    struct Entry {
        let line: Int
        let input: String
        var output: String?
    }

    static let session = 1
    private(set) var entries: [Entry] = []

    mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    /// The last `n` entries.
    func tail(_ n: Int) -> [Entry] { Array(entries.suffix(max(0, n))) }

    /// Lines `start..<stop` of `session` (0 or negative offsets count back from this session;
    /// only this one exists). `stop` nil means to the end.
    func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session == 0 || session == Self.session else { return [] }
        return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
    }

    /// Inputs matching a glob (`*`, `?`), the last `n` of them, optionally without repeats.
    func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        let glob = Array(pattern.unicodeScalars)
        var found = entries.filter { Self.matches(glob[...], Array(($0.input).unicodeScalars)[...]) }
        if unique {
            var seen = Set<String>()
            found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let n { found = Array(found.suffix(max(0, n))) }
        return found
    }

    /// Glob matching with `*` (any run) and `?` (any one scalar), as SQLite's GLOB that
    /// IPython's history search uses.
    static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var star: Int? = nil, resume = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.endIndex, pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if let s = star {
                p = s + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
