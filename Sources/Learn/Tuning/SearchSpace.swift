import Engine
import Foundation
import Interruption

/// Where one hyper-parameter's values come from.
///
/// A grid can only enumerate `.values`; random search and `evolve` sample every kind (`.values`
/// uniformly, as `choice`). Bounds of `uniform` and `loguniform` are inclusive of the low end.
public enum Distribution: Sendable, Equatable, CustomStringConvertible {
    /// A finite list: a grid axis, or `choice([...])` when sampled.
    case values([HyperValue])
    /// Uniform in [low, high); `integer` rounds down to an int in [low, high).
    case uniform(low: Double, high: Double, integer: Bool)
    /// log(value) uniform in [log(low), log(high)): every decade equally likely.
    case logUniform(low: Double, high: Double)

    /// `choice([...])`.
    public static func choice(_ options: [HyperValue]) throws -> Distribution {
        guard !options.isEmpty else { throw LearnError.value("choice: the list of options is empty") }
        return .values(options)
    }

    /// `uniform(low, high)`, checked.
    public static func uniform(_ low: Double, _ high: Double, integer: Bool = false) throws -> Distribution {
        guard low.isFinite, high.isFinite, low < high else {
            throw LearnError.value("uniform: needs finite low < high, got (\(formatHyperNumber(low)), \(formatHyperNumber(high)))")
        }
        return .uniform(low: low, high: high, integer: integer)
    }

    /// `loguniform(low, high)`, checked: both bounds positive.
    public static func logUniform(_ low: Double, _ high: Double) throws -> Distribution {
        guard low.isFinite, high.isFinite, low > 0, low < high else {
            throw LearnError.value("loguniform: needs 0 < low < high, got (\(formatHyperNumber(low)), \(formatHyperNumber(high)))")
        }
        return .logUniform(low: low, high: high)
    }

    /// One value drawn with `rng`.
    func sample(_ rng: inout SeededGenerator) -> HyperValue {
        switch self {
        case .values(let options):
            return options[Int(rng.next() % UInt64(options.count))]
        case .uniform(let low, let high, let integer):
            let v = low + (high - low) * rng.uniform()
            return integer ? .int(Int(v.rounded(.down))) : .double(v)
        case .logUniform(let low, let high):
            return .double(Foundation.exp(Foundation.log(low) + (Foundation.log(high) - Foundation.log(low)) * rng.uniform()))
        }
    }

    /// `value` scaled by `factor` and kept inside the bounds; lists move one step up or down
    /// (factor > 1: the next option, < 1: the previous), as PBT perturbs an ordered choice.
    func perturb(_ value: HyperValue, by factor: Double) -> HyperValue {
        switch self {
        case .values(let options):
            guard let i = options.firstIndex(of: value), options.allSatisfy({ $0.number != nil }) else { return value }
            return options[Swift.min(Swift.max(i + (factor > 1 ? 1 : -1), 0), options.count - 1)]
        case .uniform(let low, let high, let integer):
            guard let v = value.number else { return value }
            if integer {
                let scaled = Int((v * factor).rounded())
                let moved = scaled == Int(v) ? Int(v) + (factor > 1 ? 1 : -1) : scaled
                return .int(Swift.min(Swift.max(moved, Int(low.rounded(.up))), Int(high.rounded(.up)) - 1))
            }
            return .double(Swift.min(Swift.max(v * factor, low), high.nextDown))
        case .logUniform(let low, let high):
            guard let v = value.number else { return value }
            return .double(Swift.min(Swift.max(v * factor, low), high.nextDown))
        }
    }

    /// `uniform(0.1, 0.9)`, `loguniform(1e-05, 0.1)`, `choice([16, 64])`.
    public var description: String {
        switch self {
        case .values(let options): return "choice([" + options.map(\.description).joined(separator: ", ") + "])"
        case .uniform(let low, let high, let integer):
            return integer ? "randint(\(Int(low)), \(Int(high)))" : "uniform(\(formatHyperNumber(low)), \(formatHyperNumber(high)))"
        case .logUniform(let low, let high): return "loguniform(\(formatHyperNumber(low)), \(formatHyperNumber(high)))"
        }
    }
}

/// Named hyper-parameters and where their values come from, in the order given (the order of
/// the grid's nesting and of the result table's columns).
public struct SearchSpace: Sendable, Equatable {
    public private(set) var names: [String]
    public private(set) var distributions: [Distribution]

    /// Names must be distinct and lists non-empty.
    public init(_ dimensions: [(String, Distribution)]) throws {
        guard !dimensions.isEmpty else { throw LearnError.value("search space: no hyper-parameters given") }
        var seen = Set<String>()
        for (name, d) in dimensions {
            guard seen.insert(name).inserted else { throw LearnError.value("search space: '\(name)' is given twice") }
            if case .values(let v) = d, v.isEmpty {
                throw LearnError.value("search space: '\(name)' has an empty list of values")
            }
        }
        names = dimensions.map(\.0)
        distributions = dimensions.map(\.1)
    }

    /// Every combination, the first hyper-parameter varying slowest (itertools.product's order).
    public func grid() throws -> [Configuration] {
        let axes = try zip(names, distributions).map { name, d -> [HyperValue] in
            guard case .values(let v) = d else {
                throw LearnError.value("grid_search: '\(name)' is \(d); a grid needs a list of values (use random_search to sample)")
            }
            return v
        }
        // Every combination is made before the first trial: their number is checked first.
        try Memory.check(axes.map(\.count), of: 64 * Swift.max(axes.count, 1),
                         for: "grid_search: \(axes.map { String($0.count) }.joined(separator: " × ")) combinations")
        var configurations: [[HyperValue]] = [[]]
        for axis in axes {
            configurations = configurations.flatMap { prefix in axis.map { prefix + [$0] } }
        }
        return configurations.map { Configuration(Array(zip(names, $0))) }
    }

    /// One configuration drawn with `rng`, one hyper-parameter after the other.
    func sample(_ rng: inout SeededGenerator) -> Configuration {
        Configuration(zip(names, distributions).map { ($0, $1.sample(&rng)) })
    }

    func distribution(_ name: String) -> Distribution? {
        names.firstIndex(of: name).map { distributions[$0] }
    }
}
