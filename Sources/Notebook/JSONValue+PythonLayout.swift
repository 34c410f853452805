/// Serialization in the exact layout of Python's
/// `json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)`, which is how nbformat
/// writes notebooks: a notebook written by Descent diffs cleanly against one saved by Jupyter.
extension JSONValue {
    public func pythonLayout(indent: Int = 1) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, indent: Int, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.pythonRepr(d)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                out += n == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: indent * (level + 1))
                item.write(to: &out, indent: indent, level: level + 1)
            }
            out += "\n" + String(repeating: " ", count: indent * level) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (n, key) in members.keys.sorted(by: Self.codePointOrder).enumerated() {
                out += n == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: indent * (level + 1))
                Self.writeString(key, to: &out)
                out += ": "
                members[key]!.write(to: &out, indent: indent, level: level + 1)
            }
            out += "\n" + String(repeating: " ", count: indent * level) + "}"
        }
    }

    /// Python sorts keys by code point, not by Swift's canonical string order.
    private static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Python's `repr(float)`: shortest round-trip digits, which Swift's description also gives.
    private static func pythonRepr(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return d.description
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
