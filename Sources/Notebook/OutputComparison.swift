import JSON
import Foundation

/// `descent run --check`: compares the text a notebook shows now with the text stored in it,
/// as nbval does, so that a notebook committed with outputs is a regression test.
///
/// Images are ignored (they differ by antialiasing across machines) and so are durations
/// (`0.42 s`, `12 ms`), which differ on every run; cells tagged `nbval-ignore-output` (nbval's
/// convention, for tables of timings) are run but not compared. Numbers written in the text
/// (`0.2392`, `3.94e+07`) agree within a relative tolerance, because the BLAS kernels OpenBLAS
/// picks for each CPU sum in different orders and move the last digits of a float result;
/// integers (`12 trials`) and every other character must match exactly.
public enum OutputComparison {
    /// The relative tolerance when the notebook does not set one: four significant digits
    /// printed from a float32 computation survive a change of summation order, five do not.
    public static let defaultRelativeTolerance = 1e-3

    /// One cell whose text differs.
    public struct Mismatch: CustomStringConvertible {
        public var cellNumber: Int
        public var stored: String
        public var produced: String
        /// The first difference, in words.
        public var reason: String

        public var description: String {
            "cell \(cellNumber): output differs: \(reason)\n--- stored\n\(stored)\n+++ produced\n\(produced)"
        }
    }

    public static func mismatches(stored: Notebook, produced: Notebook) throws -> [Mismatch] {
        let before = Dictionary(stored.cells.compactMap { c in c.id.map { ($0, c) } },
                                uniquingKeysWith: { a, _ in a })
        let notebookTolerance = try relativeTolerance(in: produced.metadata, where: "the notebook metadata")
        var found: [Mismatch] = []
        for (index, cell) in produced.cells.enumerated() where cell.kind == .code {
            guard let id = cell.id, let old = before[id],
                  cell.tags.allSatisfy({ $0 != "skip-execution" && $0 != "nbval-ignore-output" }) else { continue }
            let rtol = try relativeTolerance(in: cell.metadata,
                                             where: "the metadata of cell \(index + 1)")
                ?? notebookTolerance ?? defaultRelativeTolerance
            let a = text(of: old.outputs), b = text(of: cell.outputs)
            if let reason = difference(stored: a, produced: b, relativeTolerance: rtol) {
                found.append(Mismatch(cellNumber: index + 1, stored: a, produced: b, reason: reason))
            }
        }
        return found
    }

    /// `metadata.descent.check.rtol` of a notebook or a cell, if set.
    static func relativeTolerance(in metadata: [String: JSON], where place: String) throws -> Double? {
        let value = metadata["descent"]?["check"]["rtol"] ?? .null
        switch value {
        case .null: return nil
        case .int(let i) where i >= 0: return Double(i)
        case .double(let d) where d >= 0: return d
        default:
            throw NotebookError("descent.check.rtol in \(place) must be a number ≥ 0, not \(value.serializedString)")
        }
    }

    /// The first difference between two texts, or nil when they agree: the same characters
    /// outside numbers, integers equal, other numbers within `relativeTolerance` of each other.
    static func difference(stored: String, produced: String, relativeTolerance rtol: Double) -> String? {
        let a = pieces(of: stored), b = pieces(of: produced)
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.number(let s, let u), .number(let t, let v)):
                if s == t || u == v { continue }
                let bothIntegers = !s.contains { ".eE".contains($0) } && !t.contains { ".eE".contains($0) }
                let relative = abs(u - v) / max(abs(u), abs(v))
                if bothIntegers || !u.isFinite || !v.isFinite || !(relative <= rtol) {
                    let why = bothIntegers ? "integers must be equal"
                        : String(format: "relative difference %.2g > rtol %g", relative, rtol)
                    return "stored \(s), produced \(t) (\(why))"
                }
            case (.text(let s), .text(let t)) where s == t:
                continue
            default:
                return "stored \(quoted(x)), produced \(quoted(y))"
            }
        }
        if a.count != b.count {
            let extra = a.count > b.count ? "stored" : "produced"
            return "the \(extra) text goes on with \(quoted((a.count > b.count ? a : b)[min(a.count, b.count)]))"
        }
        return nil
    }

    /// A text cut into runs of other characters and numbers.
    enum Piece: Equatable {
        case text(Substring)
        case number(Substring, Double)
    }

    /// A decimal number standing alone: not part of a word or a dotted version (`v1.2`,
    /// `1.0.2`, `x86_64` are text), optionally signed, with a fraction or an exponent.
    private static let number = try! NSRegularExpression(
        pattern: #"(?<![\w.])[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?!\w|\.\d)"#)

    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var end = text.startIndex
        for match in number.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text), let value = Double(text[range]) else { continue }
            if end < range.lowerBound { pieces.append(.text(text[end..<range.lowerBound])) }
            pieces.append(.number(text[range], value))
            end = range.upperBound
        }
        if end < text.endIndex { pieces.append(.text(text[end...])) }
        return pieces
    }

    private static func quoted(_ piece: Piece) -> String {
        switch piece {
        case .text(let s): return "\"" + s.prefix(60) + (s.count > 60 ? "…" : "") + "\""
        case .number(let s, _): return String(s)
        }
    }

    /// The comparable text of a cell's outputs, one block per output.
    static func text(of outputs: [JSON]) -> String {
        outputs.map { output -> String in
            let type = output["output_type"].stringValue ?? "?"
            switch type {
            case "stream":
                return "[\(output["name"].stringValue ?? "")] " + Cell.joined(output["text"])
            case "error":
                return "[error] \(output["ename"].stringValue ?? ""): \(output["evalue"].stringValue ?? "")"
            default:
                let data = output["data"].objectValue ?? [:]
                let texts = data.keys.sorted().filter { !$0.hasPrefix("image/") }
                    .map { "\($0): " + Cell.joined(data[$0]) }
                return "[\(type)] " + texts.joined(separator: "\n")
            }
        }
        .map(withoutDurations)
        .joined(separator: "\n")
    }

    private static let duration = try! NSRegularExpression(
        pattern: #"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|min)\b"#)

    static func withoutDurations(_ text: String) -> String {
        duration.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                          withTemplate: "<duration>")
    }
}
