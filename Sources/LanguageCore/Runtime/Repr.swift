/// Python's `repr` of a float: shortest round-trip digits, exponent form outside [1e-4, 1e16).
package func formatFloat(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let swift = "\(abs(d))"
    var digits = "", exponent = 0
    if let e = swift.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        let mantissa = swift[..<e]
        exponent = Int(swift[swift.index(after: e)...]) ?? 0
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        exponent += parts[0].count - 1
    } else {
        let parts = swift.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0]), frac = parts.count > 1 ? String(parts[1]) : ""
        if intPart != "0" {
            digits = intPart + frac
            exponent = intPart.count - 1
        } else {
            let zeros = frac.prefix { $0 == "0" }.count
            digits = String(frac.dropFirst(zeros))
            exponent = -zeros - 1
        }
    }
    while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
    while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
    let sign = d < 0 ? "-" : ""
    if exponent >= -5 + 1 && exponent < 16 {
        if exponent >= 0 {
            let whole = digits.count > exponent + 1
                ? String(digits.prefix(exponent + 1)) + "." + String(digits.dropFirst(exponent + 1))
                : digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
            return sign + whole
        }
        return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
    }
    let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
    let e = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e
}

/// Python's quoting of a string: single quotes unless the text holds only single quotes.
package func quote(_ s: String) -> String {
    let utf8 = s.utf8
    let q: Character = utf8.contains(UInt8(ascii: "'")) && !utf8.contains(UInt8(ascii: "\"")) ? "\"" : "'"
    // Most text needs no escape: copied whole, not scalar by scalar (a 50 MB value took seconds).
    let quoteByte = q.asciiValue!
    if !utf8.contains(where: { $0 < 0x20 || $0 == 0x7f || $0 == UInt8(ascii: "\\") || $0 == quoteByte }) {
        return String(q) + s + String(q)
    }
    var out = String(q)
    for c in s.unicodeScalars {
        switch c {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case Unicode.Scalar(q.unicodeScalars.first!): out += "\\" + String(q)
        default:
            if c.value < 0x20 || c.value == 0x7f {
                out += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16)
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    out.append(q)
    return out
}

/// `repr(x)`: what a result shows as text.
public func repr(_ v: Value) -> String { repr(v, depth: 0) }

private func repr(_ v: Value, depth: Int) -> String {
    if depth > 50 { return "..." }
    switch v {
    case .none: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .float(let d): return formatFloat(d)
    case .str(let s): return quote(s)
    case .list(let box): return "[" + box.items.map { repr($0, depth: depth + 1) }.joined(separator: ", ") + "]"
    case .tuple(let items):
        if items.count == 1 { return "(" + repr(items[0], depth: depth + 1) + ",)" }
        return "(" + items.map { repr($0, depth: depth + 1) }.joined(separator: ", ") + ")"
    case .dict(let d):
        let pairs = zip(d.keys, d.values).map { repr($0, depth: depth + 1) + ": " + repr($1, depth: depth + 1) }
        return "{" + pairs.joined(separator: ", ") + "}"
    case .range(let r): return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
    case .function(let f): return "<function \(f.name)>"
    case .builtin(let b): return "<built-in function \(b.name)>"
    case .method(let m): return "<bound method \(m.receiver.typeName).\(m.builtin.name)>"
    case .tensor(let t): return t.repr
    case .object(let o): return o.repr
    }
}

/// `str(x)`: strings as they are, everything else as `repr`.
public func str(_ v: Value) -> String {
    if case .str(let s) = v { return s }
    return repr(v)
}
