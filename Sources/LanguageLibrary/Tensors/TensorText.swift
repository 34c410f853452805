import Engine
import Foundation
import LanguageCore

/// Tensors as PyTorch prints them (`tensor([[1., 2.], [3., 4.]], requires_grad=True)`) and as
/// an HTML table for notebooks. Large tensors are summarized with `...` as PyTorch does.
enum TensorText {
    static let summarizeAbove = 1000
    static let edgeItems = 3

    static func repr(_ t: Tensor) -> String {
        var suffix = ""
        if t.dtype == .float64 { suffix += ", dtype=float64" }
        if let op = t.op { suffix += ", grad_fn=<\(op)>" } else if t.requiresGrad { suffix += ", requires_grad=True" }
        // No elements: PyTorch's `tensor([], size=(3, 0))`, whatever the other dimensions (2**40).
        if t.count == 0 { return "tensor([]" + (t.ndim == 1 ? "" : ", size=(\(t.shape.map(String.init).joined(separator: ", ")))") + suffix + ")" }
        let format = elementFormat(t)
        let body = t.ndim == 0 ? format(0) : nested(shape: t.shape.array, format: format, indent: 7, summarize: t.count > summarizeAbove)
        return "tensor(\(body)\(suffix))"
    }

    /// One format for all elements (by row-major position), so columns line up: int64 exactly,
    /// integral floats as `1.`, else 4 decimals or scientific notation when the magnitudes call for it.
    static func elementFormat(_ t: Tensor) -> (Int) -> String {
        let raw: (Int) -> String
        if let integers = t.exactIntegers() {
            raw = { String(integers[$0]) }
        } else {
            let values = t.scalars()
            let finite = values.filter { $0.isFinite }
            let allIntegers = finite.allSatisfy { $0 == $0.rounded() } && (finite.map(abs).max() ?? 0) < 1e8
            let maxAbs = finite.map(abs).max() ?? 0
            let minAbs = finite.map(abs).filter { $0 > 0 }.min() ?? 0
            let scientific = !allIntegers && (maxAbs >= 1e8 || (minAbs > 0 && minAbs < 1e-4) || (minAbs > 0 && maxAbs / minAbs > 1e3 && maxAbs > 1e3))
            let style = allIntegers ? "%.0f." : scientific ? "%.4e" : "%.4f"
            raw = { values[$0].isFinite ? String(format: style, values[$0]) : special(values[$0]) }
        }
        let n = t.count
        let shown = n > summarizeAbove ? Array(0..<50) + Array((n - 50)..<n) : Array(0..<n)
        let width = shown.map { raw($0).count }.max() ?? 1
        return { let s = raw($0); return String(repeating: " ", count: max(0, width - s.count)) + s }
    }

    private static func special(_ d: Double) -> String { d.isNaN ? "nan" : (d < 0 ? "-inf" : "inf") }

    private static func nested(shape: [Int], format: (Int) -> String, indent: Int, summarize: Bool) -> String {
        func render(_ offset: Int, _ dim: Int, _ indent: Int) -> String {
            if dim == shape.count { return format(offset) }
            let n = shape[dim]
            let stride = shape[(dim + 1)...].reduce(1, *)
            var indices = Array(0..<n)
            var elided = false
            if summarize && n > 2 * edgeItems {
                indices = Array(0..<edgeItems) + Array((n - edgeItems)..<n)
                elided = true
            }
            var parts = indices.map { render(offset + $0 * stride, dim + 1, indent + 1) }
            if elided { parts.insert("...", at: edgeItems) }
            if dim == shape.count - 1 { return "[" + parts.joined(separator: ", ") + "]" }
            let separator = "," + String(repeating: "\n", count: shape.count - dim - 1) + String(repeating: " ", count: indent + 1)
            return "[" + parts.joined(separator: separator) + "]"
        }
        return render(0, 0, indent)
    }

    /// An HTML table of a 1-D or 2-D tensor (at most 20 rows and columns, then `…`), with its
    /// shape and dtype as caption; other ranks show their text in a `<pre>`.
    static func html(_ t: Tensor) -> String {
        // A caption wraps to its table's width: one word a line under a one-column tensor.
        let caption = "<caption style=\"white-space: nowrap; text-align: left\">tensor of shape (\(t.shape.map(String.init).joined(separator: ", "))\(t.ndim == 1 ? "," : "")), \(t.dtype.rawValue)</caption>"
        guard t.ndim == 1 || t.ndim == 2 else {
            return "<pre>" + escape(repr(t)) + "</pre>"
        }
        let format = elementFormat(t)
        let rows = t.ndim == 1 ? 1 : t.shape[0]
        let cols = t.ndim == 1 ? t.shape[0] : t.shape[1]
        let limit = 20
        var html = "<table>" + caption
        for r in 0..<min(rows, limit) {
            html += "<tr>"
            for c in 0..<min(cols, limit) { html += "<td>\(format(r * cols + c).trimmingCharacters(in: .whitespaces))</td>" }
            if cols > limit { html += "<td>…</td>" }
            html += "</tr>"
        }
        if rows > limit { html += "<tr><td>…</td></tr>" }
        return html + "</table>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
