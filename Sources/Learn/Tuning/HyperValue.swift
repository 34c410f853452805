import Foundation

/// One hyper-parameter's value in a configuration.
///
/// `.opaque` stands for a value the search cannot carry itself (an optimizer, an activation):
/// the caller knows it by its position among the choices, and the search shows its `label`.
public enum HyperValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case opaque(index: Int, label: String)

    /// The value as a number, when it is one (ints and bools included).
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string, .opaque: return nil
        }
    }

    /// Python's spelling: `0.001`, `16`, `'relu'`, `True`.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return formatHyperNumber(d)
        case .string(let s): return "'\(s)'"
        case .bool(let b): return b ? "True" : "False"
        case .opaque(_, let label): return label
        }
    }
}

/// A float as Python prints it, shortened to 6 significant digits: `0.001`, `1e-05`, `0.316228`.
func formatHyperNumber(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d > 0 ? "inf" : "-inf" }
    if d == d.rounded(), Swift.abs(d) < 1e16 { return String(format: "%.1f", d) }
    var s = String(format: "%.6g", d)
    if let e = s.firstIndex(of: "e") {
        let mantissa = s[..<e], exponent = s[s.index(after: e)...]
        let sign = exponent.first == "-" ? "-" : "+"
        let digits = exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" }
        s = mantissa + "e" + sign + (digits.count < 2 ? String(repeating: "0", count: 2 - digits.count) : "") + digits
    }
    return s
}

/// The hyper-parameters of one trial, in the order of the search space.
public struct Configuration: Hashable, Sendable, Codable, CustomStringConvertible {
    public private(set) var names: [String]
    public private(set) var values: [HyperValue]

    public init(_ pairs: [(String, HyperValue)]) {
        names = pairs.map(\.0)
        values = pairs.map(\.1)
    }

    /// The value of `name`, nil when the configuration has no such hyper-parameter.
    public subscript(_ name: String) -> HyperValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The (name, value) pairs in order.
    public var pairs: [(String, HyperValue)] { Array(zip(names, values)) }

    /// `lr=0.001, batch_size=16`.
    public var description: String {
        pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
    }

    mutating func set(_ name: String, _ value: HyperValue) {
        if let i = names.firstIndex(of: name) { values[i] = value }
    }
}
