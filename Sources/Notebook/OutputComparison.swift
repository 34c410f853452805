import JSON
import Foundation

/// `descent run --check`: compares the text a notebook shows now with the text stored in it,
/// as nbval does, so that a notebook committed with outputs is a regression test.
///
/// Images are ignored (they differ by antialiasing across machines) and so are durations
/// (`0.42 s`, `12 ms`), which differ on every run; cells tagged `nbval-ignore-output` (nbval's
/// convention, for tables of timings) are run but not compared. Every other character of every
/// stream, result, display and error must match.
public enum OutputComparison {
    /// One cell whose text differs.
    public struct Mismatch: CustomStringConvertible {
        public var cellNumber: Int
        public var stored: String
        public var produced: String

        public var description: String {
            "cell \(cellNumber): output differs\n--- stored\n\(stored)\n+++ produced\n\(produced)"
        }
    }

    public static func mismatches(stored: Notebook, produced: Notebook) -> [Mismatch] {
        let before = Dictionary(stored.cells.compactMap { c in c.id.map { ($0, c) } },
                                uniquingKeysWith: { a, _ in a })
        var found: [Mismatch] = []
        for (index, cell) in produced.cells.enumerated() where cell.kind == .code {
            guard let id = cell.id, let old = before[id],
                  cell.tags.allSatisfy({ $0 != "skip-execution" && $0 != "nbval-ignore-output" }) else { continue }
            let a = text(of: old.outputs), b = text(of: cell.outputs)
            if a != b { found.append(Mismatch(cellNumber: index + 1, stored: a, produced: b)) }
        }
        return found
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
