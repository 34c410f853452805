import Foundation

extension Session {
    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        CharacterSet.alphanumerics.contains(c) || c == "_"
    }

    /// Completions at `cursor` (a Unicode-scalar offset): names in scope and built-ins,
    /// attributes and methods after a dot, keyword arguments inside a call, and string keys
    /// after `d["`.
    public func complete(_ code: String, cursor: Int) -> Completion {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0 && Session.isNameChar(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))

        // d["ke|
        if start > 0, scalars[start - 1] == "\"" || scalars[start - 1] == "'", start > 1, scalars[start - 2] == "[" {
            let objectEnd = start - 2
            if let target = expressionBefore(scalars, objectEnd), case .dict(let d)? = evaluateQuietly(target) {
                let keys = d.keys.compactMap { k -> String? in if case .str(let s) = k { return s } else { return nil } }
                return Completion(matches: keys.filter { $0.hasPrefix(prefix) }.sorted(), cursorStart: start, cursorEnd: end)
            }
        }
        // obj.attr|
        if start > 0, scalars[start - 1] == "." {
            guard let target = expressionBefore(scalars, start - 1), let value = evaluateQuietly(target) else {
                return Completion(matches: [], cursorStart: start, cursorEnd: end)
            }
            let names = Access.attributeNames(value).filter { $0.hasPrefix(prefix) && !$0.hasPrefix("__") }
            return Completion(matches: names, cursorStart: start, cursorEnd: end)
        }
        var matches: [String] = []
        // f(..., kw|
        if let callee = enclosingCall(scalars, start), let value = evaluateQuietly(callee) {
            let signature: Signature?
            switch value {
            case .builtin(let b): signature = b.signature
            case .method(let m): signature = m.builtin.signature
            case .function(let f): signature = f.signature
            default: signature = nil
            }
            if let signature {
                matches += signature.parameters
                    .filter { ($0.kind == .normal || $0.kind == .keywordOnly) && $0.name.hasPrefix(prefix) }
                    .map { $0.name + "=" }
            }
        }
        let names = Set(interpreter.globals.boundNames + Array(Keywords.all.subtracting(Keywords.unsupported.keys)))
        matches += names.filter { $0.hasPrefix(prefix) }.sorted()
        return Completion(matches: matches, cursorStart: start, cursorEnd: end)
    }

    /// The dotted name (`net.layers`, `x`) that ends at `end`, if any.
    private func expressionBefore(_ s: [Unicode.Scalar], _ end: Int) -> String? {
        var i = end
        while i > 0 && (Session.isNameChar(s[i - 1]) || s[i - 1] == ".") { i -= 1 }
        let text = String(String.UnicodeScalarView(s[i..<end]))
        guard !text.isEmpty, let first = text.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first) else { return nil }
        return text
    }

    /// The callee of the innermost call whose parenthesis is still open before `end`.
    private func enclosingCall(_ s: [Unicode.Scalar], _ end: Int) -> String? {
        var depth = 0
        var i = end - 1
        while i >= 0 {
            let c = s[i]
            if c == ")" || c == "]" || c == "}" { depth += 1 }
            else if c == "[" || c == "{" { if depth == 0 { return nil }; depth -= 1 }
            else if c == "(" {
                if depth == 0 { return expressionBefore(s, i) }
                depth -= 1
            } else if c == "\n" && depth == 0 { return nil }
            i -= 1
        }
        return nil
    }

    /// The value of a dotted name, reading globals and attributes only (nothing is called).
    func evaluateQuietly(_ dotted: String) -> Value? {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, var value = interpreter.globals.lookup(first) else { return nil }
        for part in parts.dropFirst() {
            guard !part.isEmpty, let next = try? Access.attribute(value, part) else { return nil }
            value = next
        }
        return value
    }

    /// The signature and documentation of the name under the cursor (the same text `help()`
    /// prints), or the repr of a user value; nil when there is nothing there.
    public func inspect(_ code: String, cursor: Int, detail: Int = 0) -> MimeBundle? {
        let s = Array(code.unicodeScalars)
        var end = min(max(cursor, 0), s.count)
        while end < s.count && Session.isNameChar(s[end]) { end += 1 }
        if end == cursor, end > 0, s[end - 1] == "(" { end -= 1 }
        var target = expressionBefore(s, end)
        if target == nil, let callee = enclosingCall(s, min(max(cursor, 0), s.count)) { target = callee }
        guard let name = target, let value = evaluateQuietly(name) else { return nil }
        switch value {
        case .builtin, .method, .function:
            return MimeBundle(text: Help.text(value))
        case .object(let o):
            return MimeBundle(text: detail > 0 ? o.helpText : o.repr + "\n\n" + o.helpText)
        default:
            return MimeBundle(text: "\(name): \(value.typeName) = \(repr(value))")
        }
    }
}
