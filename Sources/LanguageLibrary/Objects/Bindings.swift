import Engine
import Foundation
import LanguageCore
import Learn
import Plot

/// Helpers the library bindings share: receivers of methods, conversions between Descent values
/// and the plain Swift values Learn and Plot take, and errors in the user's terms.
enum Bind {
    /// The library object a method was called on.
    static func receiver<T: LibraryObject>(_ a: borrowing Arguments, _ type: T.Type) throws -> T {
        guard case .object(let o)? = a.receiver, let t = o as? T else {
            throw ScriptError.type("\(a.name)() must be called on a \(String(describing: T.self).replacingOccurrences(of: "Object", with: ""))")
        }
        return t
    }

    /// The value as a library object of type `T`, if it is one.
    static func object<T>(_ v: Value, _ type: T.Type) -> T? {
        if case .object(let o) = v { return o as? T }
        return nil
    }

    /// A list of floats.
    static func list(_ xs: [Double]) -> Value { .list(ListBox(xs.map { .float($0) })) }

    /// Numbers from a list, tuple or tensor (flattened).
    static func doubles(_ v: Value, _ what: String) throws -> [Double] {
        if case .tensor(let t as Tensor) = v { return t.scalars() }
        return try Access.sequence(v).map { item in
            if let d = Operators.number(item) { return d }
            if case .tensor(let t as Tensor) = item, t.count == 1 { return try t.item() }
            throw ScriptError.type("\(what) must hold numbers, not \(item.typeName)")
        }
    }

    /// A `(lo, hi)` pair of numbers.
    static func range(_ v: Value, _ what: String) throws -> ClosedRange<Double> {
        let pair = try doubles(v, what)
        guard pair.count == 2, pair[0].isFinite, pair[1].isFinite, pair[0] < pair[1] else {
            throw ScriptError.value("\(what) must be a pair (lo, hi) of finite numbers with lo < hi, got \(repr(v))")
        }
        return pair[0]...pair[1]
    }

    /// An optional non-negative integer seed.
    static func seed(_ a: borrowing Arguments, _ param: String = "seed") throws -> UInt64? {
        guard let n = try a.optionalInt(param) else { return nil }
        guard n >= 0 else { throw ScriptError.value("\(a.name)(): seed must be a non-negative integer, got \(n)") }
        return UInt64(n)
    }

    /// Runs figure code, reporting Plot's errors as ValueErrors naming the function, and an
    /// interrupted render as the `KeyboardInterrupt` it is.
    static func plotting<R>(_ name: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch PlotError.interrupted {
            throw ScriptError.interrupted
        } catch let e as PlotError {
            throw ScriptError.value("\(name)(): \(e.description)")
        }
    }

    /// The run's own warnings (a loss that became NaN or infinite or grew a thousandfold, which
    /// stopped it), and one when the loss grew tenfold from the first epoch to the last: a
    /// learning rate too large that had not yet diverged.
    static func warnings(_ run: Run) -> [String] {
        guard !run.diverged, let first = run.epochLoss.first, let last = run.epochLoss.last, run.epochLoss.count >= 2,
              first > 0, last > 10 * first else { return run.warnings }
        return run.warnings + ["the loss grew from \(Formatting.short(first)) to \(Formatting.short(last)); the learning rate \(run.settings.optimizer.lr) may be too large"]
    }

    /// Writes each warning to standard error, as `warn()` does.
    static func warn(_ a: borrowing Arguments, _ warnings: [String]) {
        for w in warnings { a.emit(.stream(name: "stderr", text: "Warning: \(w)\n")) }
    }
}

/// A table shown as aligned text and as HTML: summaries of networks and runs.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    /// Columns whose cells are right-aligned (numbers).
    var numeric: Set<Int> = []
    var footer: String?

    var text: String {
        let widths = header.indices.map { c in ([header] + rows).map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                let pad = String(repeating: " ", count: max(0, widths[c] - s.count))
                return numeric.contains(c) ? pad + s : s + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
        return ([line(header), rule] + rows.map(line) + (footer.map { [rule, $0] } ?? [])).joined(separator: "\n")
    }

    var html: String {
        func cells(_ row: [String], _ tag: String) -> String {
            row.enumerated().map { c, s in
                "<\(tag) style=\"text-align:\(numeric.contains(c) ? "right" : "left")\">\(TensorText.escape(s))</\(tag)>"
            }.joined()
        }
        var out = "<table><thead><tr>\(cells(header, "th"))</tr></thead><tbody>"
        for row in rows { out += "<tr>\(cells(row, "td"))</tr>" }
        out += "</tbody></table>"
        if let footer { out += "<p>\(TensorText.escape(footer))</p>" }
        return out
    }

    var bundle: MimeBundle { MimeBundle(data: ["text/plain": .text(text), "text/html": .text(html)]) }
}
