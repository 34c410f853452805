/// Serialization in the exact layout of Python's
/// `json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)`, which is how nbformat
/// writes notebooks: a notebook written by Descent diffs cleanly against one saved by Jupyter.
extension JSON {
    public func pythonLayout(indent: Int = 1) -> String {
        var out: [UInt8] = []
        writePython(to: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func writePython(to out: inout [UInt8], indent: Int, level: Int) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                item.writePython(to: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            // Python sorts keys by code point, not by Swift's canonical string order.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                Self.writeString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                members[key]!.writePython(to: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        default:
            // Scalars and empty containers print as in the compact form; Python's float repr is
            // the shortest round-trip text, as Swift's description is.
            write(to: &out)
        }
    }
}
