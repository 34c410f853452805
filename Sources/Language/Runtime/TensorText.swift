import Engine
import Foundation

/// Tensors as PyTorch prints them (`tensor([[1., 2.], [3., 4.]], requires_grad=True)`) and as
/// an HTML table for notebooks. Large tensors are summarized with `...` as PyTorch does.
enum TensorText {
    static let summarizeAbove = 1000
    static let edgeItems = 3

    static func repr(_ t: Tensor) -> String {
        let values = t.scalars()
        let format = elementFormat(values, dtype: t.dtype)
        var body = nested(values, shape: t.shape, format: format, indent: 7, summarize: t.count > summarizeAbove)
        if t.ndim == 0 { body = format(values.first ?? 0) }
        var suffix = ""
        if t.dtype == .float64 { suffix += ", dtype=float64" }
        if let op = t.op { suffix += ", grad_fn=<\(op)>" } else if t.requiresGrad { suffix += ", requires_grad=True" }
        return "tensor(\(body)\(suffix))"
    }

    /// One format for all elements, so columns line up: integers as `1.`, else 4 decimals or
    /// scientific notation when the magnitudes call for it.
    static func elementFormat(_ values: [Double], dtype: DType) -> (Double) -> String {
        // Int64.max reaches here as the double 2^63: convert as the engine does, never trap.
        if dtype == .int64 { return { String(Int64(converting: $0)) } }
        let finite = values.filter { $0.isFinite }
        let allIntegers = finite.allSatisfy { $0 == $0.rounded() } && (finite.map(abs).max() ?? 0) < 1e8
        let maxAbs = finite.map(abs).max() ?? 0
        let minAbs = finite.map(abs).filter { $0 > 0 }.min() ?? 0
        let scientific = !allIntegers && (maxAbs >= 1e8 || (minAbs > 0 && minAbs < 1e-4) || (minAbs > 0 && maxAbs / minAbs > 1e3 && maxAbs > 1e3))
        let raw: (Double) -> String
        if allIntegers {
            raw = { $0.isFinite ? String(format: "%.0f.", $0) : special($0) }
        } else if scientific {
            raw = { $0.isFinite ? String(format: "%.4e", $0) : special($0) }
        } else {
            raw = { $0.isFinite ? String(format: "%.4f", $0) : special($0) }
        }
        let shown = values.count > summarizeAbove ? Array(values.prefix(50)) + Array(values.suffix(50)) : values
        let width = shown.map { raw($0).count }.max() ?? 1
        return { let s = raw($0); return String(repeating: " ", count: max(0, width - s.count)) + s }
    }

    private static func special(_ d: Double) -> String { d.isNaN ? "nan" : (d < 0 ? "-inf" : "inf") }

    private static func nested(_ values: [Double], shape: [Int], format: (Double) -> String, indent: Int,
                               summarize: Bool) -> String {
        func render(_ offset: Int, _ dim: Int, _ indent: Int) -> String {
            if dim == shape.count { return format(values[offset]) }
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
        let caption = "<caption>tensor of shape (\(t.shape.map(String.init).joined(separator: ", "))\(t.ndim == 1 ? "," : "")), \(t.dtype.rawValue)</caption>"
        guard t.ndim == 1 || t.ndim == 2 else {
            return "<pre>" + escape(repr(t)) + "</pre>"
        }
        let values = t.scalars()
        let format = elementFormat(values, dtype: t.dtype)
        let rows = t.ndim == 1 ? 1 : t.shape[0]
        let cols = t.ndim == 1 ? t.shape[0] : t.shape[1]
        let limit = 20
        var html = "<table>" + caption
        for r in 0..<min(rows, limit) {
            html += "<tr>"
            for c in 0..<min(cols, limit) { html += "<td>\(format(values[r * cols + c]).trimmingCharacters(in: .whitespaces))</td>" }
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
