import CKernels
import Foundation
import Interruption

/// Creation functions, named as in PyTorch.
extension Tensor {
    public static func zeros(_ shape: some Collection<Int>, dtype: DType = .float32) throws -> Tensor {
        try Tensor.empty(Dims(shape), dtype: dtype, zeroed: true)
    }

    public static func ones(_ shape: some Collection<Int>, dtype: DType = .float32) throws -> Tensor {
        try full(shape, value: 1, dtype: dtype)
    }

    public static func full(_ shape: some Collection<Int>, value: Double, dtype: DType = .float32) throws -> Tensor {
        let shape = Dims(shape)
        try dtype.check(value, "full")
        let t = try Tensor.empty(shape, dtype: dtype)
        Kernels.fill(t, value)
        return t
    }

    /// The n×n identity (n×m when `columns` is given).
    public static func eye(_ n: Int, _ columns: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let m = columns ?? n
        let t = try zeros([n, m], dtype: dtype)
        let diagonal = Tensor.make(storage: t.storage, shape: [Swift.min(n, m)], strides: [m + 1])
        Kernels.fill(diagonal, 1)
        return t
    }

    /// Values from `start` up to (not including) `stop` by `step`.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float32) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, stop.isFinite else {
            throw EngineError.value("arange: step must be a nonzero finite number, got \(step)")
        }
        let n = try Memory.check(((stop - start) / step).rounded(.up), of: dtype.size, for: "arange")
        return try Tensor(shape: [n], scalars: (0..<n).map { start + Double($0) * step }, dtype: dtype)
    }

    /// `n` evenly spaced values from `start` to `stop` inclusive.
    public static func linspace(_ start: Double, _ stop: Double, _ n: Int, dtype: DType = .float32) throws -> Tensor {
        guard n >= 0 else { throw EngineError.value("linspace: number of steps must be non-negative, got \(n)") }
        try Memory.check(n, of: dtype.size, for: "linspace")
        let step = n > 1 ? (stop - start) / Double(n - 1) : 0
        return try Tensor(shape: [n], scalars: (0..<n).map { $0 == n - 1 && n > 1 ? stop : start + Double($0) * step }, dtype: dtype)
    }

    /// `base` raised to `n` evenly spaced exponents from `start` to `stop`.
    public static func logspace(_ start: Double, _ stop: Double, _ n: Int, base: Double = 10, dtype: DType = .float32) throws -> Tensor {
        let exponents = try linspace(start, stop, n, dtype: .float64).scalars()
        return try Tensor(shape: [n], scalars: exponents.map { Foundation.pow(base, $0) }, dtype: dtype)
    }

    /// Uniform values in [0, 1) from the global `Random` generator; float dtypes only, as in PyTorch.
    public static func rand(_ shape: some Collection<Int>, dtype: DType = .float32) throws -> Tensor {
        let shape = Dims(shape)
        try checkReal(dtype, "rand")
        return try generated(shape, dtype) { $0.uniform() }
    }

    /// Throws unless `dtype` holds fractions: `rand` or `randn` truncated to integers would be
    /// almost all zeros, which PyTorch refuses too.
    private static func checkReal(_ dtype: DType, _ op: String) throws {
        guard dtype.isFloatingPoint else {
            throw EngineError.value("\(op): dtype \(dtype.rawValue) cannot hold its values, which are real numbers; use float32 or float64 (randint gives integers)")
        }
    }

    /// Values (2u − 1)·bound in [−bound, bound), one u in [0, 1) from the global `Random`
    /// generator per element, computed in double precision: PyTorch's `nn.Linear` initialisation.
    /// Drawn in bulk like `rand`: a draw per call cost `Linear(1000, 100)` 3 ms in thread-state
    /// lookups, more than the lecture example's data.
    public static func uniform(_ shape: some Collection<Int>, bound: Double, dtype: DType = .float32) throws -> Tensor {
        try generated(Dims(shape), dtype) { (2 * $0.uniform() - 1) * bound }
    }

    /// Standard normal values from the global `Random` generator; float dtypes only, as in PyTorch.
    public static func randn(_ shape: some Collection<Int>, dtype: DType = .float32) throws -> Tensor {
        let shape = Dims(shape)
        try checkReal(dtype, "randn")
        return dtype == .float32 ? try normalsFloat32(shape) : try generated(shape, dtype) { $0.normal() }
    }

    /// `randn` in float32: the same uniforms in the same order as `PCG32.normal` draws them, turned
    /// into the same floats by the C kernel, which does the logarithms and cosines four at a time
    /// (they were three quarters of a randn; `RandomTests` holds the two ways to one stream).
    private static func normalsFloat32(_ shape: Dims) throws -> Tensor {
        let t = try Tensor.empty(shape, dtype: .float32)
        let (n, p) = (t.count, t.base(Float.self))
        let block = 256
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * block) { u in
            let (u1, u2) = (u.baseAddress!, u.baseAddress! + block)
            try Kernels.inChunks(n, true) { lo, count in
                Random.drawing { stream in
                    for start in stride(from: lo, to: lo + count, by: block) {
                        let m = Swift.min(block, lo + count - start)
                        stream.uniformPairs(u1, u2, count: m)
                        descent_box_muller_f32(u1, u2, p + start, m)
                    }
                }
            }
        }
        return t
    }

    /// Integers in [low, high) from the global `Random` generator.
    public static func randint(_ low: Int, _ high: Int, _ shape: some Collection<Int>, dtype: DType = .int64) throws -> Tensor {
        let shape = Dims(shape)
        guard high > low else { throw EngineError.value("randint: high (\(high)) must be greater than low (\(low))") }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { throw EngineError.value("randint: the range [\(low), \(high)) is too large") }
        // Drawn as integers: a Double would round values past 2**53.
        guard dtype == .int64 else { return try generated(shape, dtype) { Double(low &+ $0.int(below: span)) } }
        let n = try Memory.check(shape.array, of: 16, for: "randint")
        return try Tensor(shape: shape, integers: Random.drawing { stream in (0..<n).map { _ in Int64(low &+ stream.int(below: span)) } })
    }

    /// A new tensor filled in order from `next` drawing on this thread's stream, in
    /// `Interrupt.chunk`-element pieces with an interrupt check between them (a 10^8-element
    /// randn takes seconds).
    private static func generated(_ shape: Dims, _ dtype: DType, _ next: (inout Random.PCG32) -> Double) throws -> Tensor {
        let t = try Tensor.empty(shape, dtype: dtype)
        try Kernels.inChunks(t.count, true) { lo, count in
            let piece = lo..<lo + count
            Random.drawing { stream in
                t.withBase { p in
                    for i in piece { p[i] = Float(next(&stream)) }
                } f64: { p in
                    for i in piece { p[i] = next(&stream) }
                } i64: { p in
                    for i in piece { p[i] = Int64(converting: next(&stream)) }
                }
            }
        }
        return t
    }

    public static func zerosLike(_ t: Tensor) throws -> Tensor { try zeros(t.shape, dtype: t.dtype) }
    public static func onesLike(_ t: Tensor) throws -> Tensor { try ones(t.shape, dtype: t.dtype) }
    public static func fullLike(_ t: Tensor, value: Double) throws -> Tensor { try full(t.shape, value: value, dtype: t.dtype) }
    public static func randLike(_ t: Tensor) throws -> Tensor { try rand(t.shape, dtype: t.dtype) }
    public static func randnLike(_ t: Tensor) throws -> Tensor { try randn(t.shape, dtype: t.dtype) }
}
