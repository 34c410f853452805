import Foundation
import Interruption

/// Python's format-spec mini-language for f-strings and `format()`:
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]` with types `d f F e E g G % s x X o b n`.
package enum Formatter {
    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    static func parse(_ text: String) throws -> Spec {
        var spec = Spec()
        var c = Array(text)
        var i = 0
        let aligns: Set<Character> = ["<", ">", "^", "="]
        if c.count >= 2, aligns.contains(c[1]) {
            spec.fill = c[0]; spec.align = c[1]; i = 2
        } else if let first = c.first, aligns.contains(first) {
            spec.align = first; i = 1
        }
        if i < c.count, c[i] == "+" || c[i] == "-" || c[i] == " " { spec.sign = c[i]; i += 1 }
        if i < c.count, c[i] == "#" { spec.alternate = true; i += 1 }
        if i < c.count, c[i] == "0" { spec.zero = true; i += 1 }
        var width = ""
        while i < c.count, c[i].isNumber { width.append(c[i]); i += 1 }
        spec.width = try size(width, "width")
        if i < c.count, c[i] == "," || c[i] == "_" { spec.grouping = c[i]; i += 1 }
        if i < c.count, c[i] == "." {
            i += 1
            var p = ""
            while i < c.count, c[i].isNumber { p.append(c[i]); i += 1 }
            guard !p.isEmpty else { throw ScriptError.value("Format specifier missing precision") }
            spec.precision = try size(p, "precision")
        }
        if i < c.count { spec.type = c[i]; i += 1 }
        if i != c.count { c = Array(text); throw ScriptError.value("Invalid format specifier '\(String(c))'") }
        return spec
    }

    /// A width or precision: it sizes the text made, so it passes the memory check, and printf
    /// takes it as a C int.
    private static func size(_ digits: String, _ what: String) throws -> Int {
        if digits.isEmpty { return 0 }
        guard let n = Int(digits), n <= Int(Int32.max) else { throw ScriptError.value("Too many decimal digits in format string") }
        try Memory.check(n, of: 1, for: "format \(what) \(n)")
        return n
    }

    package static func format(_ v: Value, _ specText: String) throws -> String {
        if specText.isEmpty { return str(v) }
        let spec = try parse(specText)
        var value = v
        if case .tensor(let t) = v, t.count == 1 { value = .float(try t.item()) }
        var body: String
        var negative = false
        switch value {
        case .int, .float, .bool:
            let isInt = Operators.integer(value) != nil
            let d = Operators.number(value)!
            negative = d < 0 || (d == 0 && d.sign == .minus && !isInt)
            let magnitude = abs(d)
            switch spec.type {
            case "d", "n":
                guard let i = Operators.integer(value) else {
                    throw ScriptError.value("Unknown format code 'd' for object of type 'float'")
                }
                body = String(i.magnitude)
            case "x", "X", "o", "b":
                guard let i = Operators.integer(value) else {
                    throw ScriptError.value("Unknown format code '\(spec.type!)' for object of type 'float'")
                }
                let radix = spec.type == "o" ? 8 : spec.type == "b" ? 2 : 16
                body = String(i.magnitude, radix: radix, uppercase: spec.type == "X")
                if spec.alternate { body = (spec.type == "o" ? "0o" : spec.type == "b" ? "0b" : "0x") + body }
            case "f", "F":
                body = fixed(magnitude, spec.precision ?? 6)
            case "e", "E":
                body = exponent(magnitude, spec.precision ?? 6, upper: spec.type == "E")
            case "g", "G":
                body = general(magnitude, spec.precision ?? 6, upper: spec.type == "G", alternate: spec.alternate)
            case "%":
                body = fixed(magnitude * 100, spec.precision ?? 6) + "%"
            case nil:
                if isInt {
                    body = String(Operators.integer(value)!.magnitude)
                } else if let p = spec.precision {
                    body = general(magnitude, p, upper: false, alternate: false)
                    if !body.contains(".") && !body.contains("e") && magnitude.isFinite { body += "" }
                } else {
                    body = formatFloat(magnitude)
                }
            case "s":
                throw ScriptError.value("Unknown format code 's' for object of type '\(value.typeName)'")
            default:
                throw ScriptError.value("Unknown format code '\(spec.type!)' for object of type '\(value.typeName)'")
            }
            if let g = spec.grouping { body = group(body, g) }
        case .str(let s):
            if let t = spec.type, t != "s" { throw ScriptError.value("Unknown format code '\(t)' for object of type 'str'") }
            body = spec.precision.map { String(s.prefix($0)) } ?? s
            return pad(body, spec, defaultAlign: "<")
        default:
            body = str(v)
            if let p = spec.precision { body = String(body.prefix(p)) }
            return pad(body, spec, defaultAlign: "<")
        }
        let signText = negative ? "-" : spec.sign == "+" ? "+" : spec.sign == " " ? " " : ""
        if spec.zero && spec.align == nil {
            let padding = max(0, spec.width - signText.count - body.count)
            return signText + String(repeating: "0", count: padding) + body
        }
        if spec.align == "=" {
            let padding = max(0, spec.width - signText.count - body.count)
            return signText + String(repeating: spec.fill, count: padding) + body
        }
        return pad(signText + body, spec, defaultAlign: ">")
    }

    private static func pad(_ s: String, _ spec: Spec, defaultAlign: Character) -> String {
        let n = spec.width - s.count
        guard n > 0 else { return s }
        let fill = spec.zero && spec.align == nil ? "0" : spec.fill
        switch spec.align ?? defaultAlign {
        case "<": return s + String(repeating: fill, count: n)
        case "^": return String(repeating: fill, count: n / 2) + s + String(repeating: fill, count: n - n / 2)
        default: return String(repeating: fill, count: n) + s
        }
    }

    private static func special(_ d: Double) -> String? {
        if d.isNaN { return "nan" }
        if d.isInfinite { return "inf" }
        return nil
    }

    static func fixed(_ d: Double, _ precision: Int) -> String {
        special(d) ?? String(format: "%.\(precision)f", d)
    }

    static func exponent(_ d: Double, _ precision: Int, upper: Bool) -> String {
        special(d) ?? String(format: upper ? "%.\(precision)E" : "%.\(precision)e", d)
    }

    static func general(_ d: Double, _ precision: Int, upper: Bool, alternate: Bool) -> String {
        if let s = special(d) { return upper ? s.uppercased() : s }
        let p = max(precision, 1)
        return String(format: (alternate ? "%#." : "%.") + "\(p)" + (upper ? "G" : "g"), d)
    }

    private static func group(_ body: String, _ separator: Character) -> String {
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = Array(parts[0])
        guard digits.allSatisfy(\.isNumber) else { return body }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(separator) }
            out.append(c)
        }
        return parts.count > 1 ? out + "." + parts[1] : out
    }
}
