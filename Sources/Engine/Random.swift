import CKernels

/// The one seedable random generator: PCG32 (XSH-RR, O'Neill 2014), so the same seed gives the
/// same numbers on every machine. Normals come from Box-Muller (one normal per two uniforms).
///
/// Each thread draws from its own stream (`ThreadState`), so threads that seed and train side by
/// side get the numbers each would get alone.
public enum Random {
    struct PCG32 {
        var state: UInt64 = 0
        let increment: UInt64 = (0xda3e_39cb_94b9_5bdb << 1) | 1

        init(seed: UInt64) {
            _ = next()
            state &+= seed
            _ = next()
        }

        private static let multiplier: UInt64 = 6_364_136_223_846_793_005

        mutating func next() -> UInt32 {
            let old = state
            state = old &* PCG32.multiplier &+ increment
            return PCG32.output(old)
        }

        /// The 32 bits a step from state `old` gives (XSH-RR).
        @inline(__always) private static func output(_ old: UInt64) -> UInt32 {
            let xorshifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
            let rot = UInt32(truncatingIfNeeded: old >> 59)
            return (xorshifted >> rot) | (xorshifted << ((~rot &+ 1) & 31))
        }

        /// Uniform in [0, 1) with 53 random bits.
        mutating func uniform() -> Double { PCG32.uniform(next(), next()) }

        /// The uniform two consecutive outputs make: 27 + 26 bits, exactly representable (concrete
        /// conversions: the generic ones cost a debug build a third of a randn).
        @inline(__always) private static func uniform(_ high: UInt32, _ low: UInt32) -> Double {
            Double(Int(truncatingIfNeeded: UInt64(high >> 5) << 26 | UInt64(low >> 6))) * 0x1p-53
        }

        /// `count` pairs of uniforms, exactly as `count` pairs of `uniform()` calls draw them (the
        /// first of each pair into `u1`), leaving the stream where those calls would.
        ///
        /// A pair takes four steps. Four copies of the state, each one step ahead of the last, jump
        /// four steps at a time (the LCG composed with itself four times), so the four multiplies
        /// of a pair run side by side instead of each waiting on the one before.
        mutating func uniformPairs(_ u1: UnsafeMutablePointer<Double>, _ u2: UnsafeMutablePointer<Double>, count: Int) {
            let (a, c) = (PCG32.multiplier, increment)
            let a4 = a &* a &* a &* a
            let c4 = c &* (a &* a &* a &+ a &* a &+ a &+ 1)
            var s0 = state
            var s1 = s0 &* a &+ c
            var s2 = s1 &* a &+ c
            var s3 = s2 &* a &+ c
            for k in 0..<count {
                u1[k] = PCG32.uniform(PCG32.output(s0), PCG32.output(s1))
                u2[k] = PCG32.uniform(PCG32.output(s2), PCG32.output(s3))
                (s0, s1, s2, s3) = (s0 &* a4 &+ c4, s1 &* a4 &+ c4, s2 &* a4 &+ c4, s3 &* a4 &+ c4)
            }
            state = s0
        }

        /// Standard normal: sqrt(-2 ln(1 - u1)) · cos(2π u2), the definition in CKernels that
        /// float32 `randn`'s vector kernel is held to.
        mutating func normal() -> Double {
            let (u1, u2) = (uniform(), uniform())
            return descent_normal(u1, u2)
        }

        /// Uniform integer in [0, n) without modulo bias (rejection on 32-bit draws); 0 when n <= 0.
        mutating func int(below n: Int) -> Int {
            guard n > 1 else { return 0 }
            if n > Int(UInt32.max) {
                return Int(uniform() * Double(n))
            }
            let bound = UInt32(n)
            let threshold = (0 &- bound) % bound
            while true {
                let r = next()
                if r >= threshold { return Int(r % bound) }
            }
        }
    }

    /// Restarts this thread's stream: everything it draws afterwards depends only on `n`.
    public static func seed(_ n: UInt64) { ThreadState.current.random = PCG32(seed: n) }

    /// Runs `body` on this thread's stream, looked up once: a fill of 10^8 values must not pay
    /// a thread-local lookup per value (that made a debug `randn(8000, 8000)` take 28 s).
    static func drawing<T>(_ body: (inout PCG32) throws -> T) rethrows -> T {
        let state = ThreadState.current
        var stream = state.random
        defer { state.random = stream }
        return try body(&stream)
    }

    /// The next raw 32 random bits.
    public static func next32() -> UInt32 { drawing { $0.next() } }

    /// Uniform in [0, 1) with 53 random bits.
    public static func uniform() -> Double { drawing { $0.uniform() } }

    /// Standard normal (Box-Muller).
    public static func normal() -> Double { drawing { $0.normal() } }

    /// Uniform integer in [0, n) without modulo bias; 0 when n <= 0.
    public static func int(below n: Int) -> Int { drawing { $0.int(below: n) } }

    /// A random permutation of 0..<n (Fisher-Yates from the back).
    public static func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, int(below: i + 1)) }
        return p
    }
}
