import Engine
import Foundation

/// A small seedable generator (SplitMix64) for shuffles, splits and synthetic data.
///
/// Learn keeps its own stream per task so that `compare` can replay one batch order for every
/// optimizer; its seed comes from Engine's `Random` unless given, so `seed(n)` still fixes it.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator seeded from Engine's global stream, so `seed(n)` fixes it.
    public static func fromGlobal() -> SeededGenerator { SeededGenerator(seed: nextSeed()) }

    /// 64 bits drawn from Engine's global stream.
    public static func nextSeed() -> UInt64 { UInt64(Random.next32()) << 32 | UInt64(Random.next32()) }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal, by Box-Muller.
    public mutating func normal() -> Double {
        let u1 = 1 - uniform()
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniformly shuffled 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        p.shuffle(using: &self)
        return p
    }
}
