import COpenBLAS
import Interruption

extension Ops {
    /// How BLAS should read a 2-D view: row-major as is, or transposed, with its leading dimension;
    /// nil when the view's strides fit neither (then it is copied first).
    private static func layout(_ rows: Int, _ cols: Int, _ s0: Int, _ s1: Int) -> (trans: Bool, ld: Int)? {
        let r = rows == 1 ? Swift.max(cols, 1) : s0
        let c = cols == 1 ? 1 : s1
        if c == 1 && r >= Swift.max(cols, 1) { return (false, r) }
        let r2 = rows == 1 ? 1 : s0
        let c2 = cols == 1 ? Swift.max(rows, 1) : s1
        if r2 == 1 && c2 >= Swift.max(rows, 1) { return (true, c2) }
        return nil
    }

    /// c = a·b (+ c when `accumulate`) on the matrices at the given offsets; c is contiguous.
    /// A GEMM of `GEMMTiles.above` multiply-adds or more runs as slices of the inner dimension,
    /// one BLAS call each accumulating into c, with `Interrupt.check()` between them: an interrupt
    /// stops it within one slice instead of after the whole product (see `GEMMTiles` for why
    /// slices of k and not row blocks of c).
    private static func gemm<T: TensorScalar>(_: T.Type, _ a: Tensor, _ aOff: Int, _ la: (trans: Bool, ld: Int),
                                             _ b: Tensor, _ bOff: Int, _ lb: (trans: Bool, ld: Int),
                                             _ c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int, accumulate: Bool) throws {
        if m == 0 || n == 0 { return }
        let (pa, pb) = (a.storage.pointer(T.self) + aOff, b.storage.pointer(T.self) + bOff)
        BLASThreads.prepare(m: m, n: n, k: k)
        let depth = GEMMTiles.depth(m: m, n: n, k: k)
        var first = 0
        repeat {
            if first > 0 { try Interrupt.check() }
            let count = Swift.min(depth, k - first)
            // Column `first` of a and row `first` of b, in each one's layout.
            gemmBlock(pa + first * (la.trans ? la.ld : 1), la, pb + first * (lb.trans ? 1 : lb.ld), lb, c,
                      m: m, n: n, k: count, accumulate: accumulate || first > 0)
            first += count
        } while first < k
    }

    /// One BLAS call (or the plain loop for integers): c = a·b (+ c).
    private static func gemmBlock<T: TensorScalar>(_ pa: UnsafeMutablePointer<T>, _ la: (trans: Bool, ld: Int),
                                                  _ pb: UnsafeMutablePointer<T>, _ lb: (trans: Bool, ld: Int),
                                                  _ c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int, accumulate: Bool) {
        let ta = la.trans ? CblasTrans : CblasNoTrans
        let tb = lb.trans ? CblasTrans : CblasNoTrans
        let beta = accumulate ? 1.0 : 0.0
        if T.self == Float.self {
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, UnsafeMutableRawPointer(pa).assumingMemoryBound(to: Float.self),
                        Int32(la.ld), UnsafeMutableRawPointer(pb).assumingMemoryBound(to: Float.self), Int32(lb.ld), Float(beta),
                        UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), Int32(n))
        } else if T.self == Double.self {
            cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, UnsafeMutableRawPointer(pa).assumingMemoryBound(to: Double.self),
                        Int32(la.ld), UnsafeMutableRawPointer(pb).assumingMemoryBound(to: Double.self), Int32(lb.ld), beta,
                        UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), Int32(n))
        } else {
            for i in 0..<m {
                for j in 0..<n {
                    var acc: T = accumulate ? c[i * n + j] : 0
                    for p in 0..<k {
                        let x = la.trans ? pa[p * la.ld + i] : pa[i * la.ld + p]
                        let y = lb.trans ? pb[j * lb.ld + p] : pb[p * lb.ld + j]
                        acc = T.plus(acc, T.times(x, y))
                    }
                    c[i * n + j] = acc
                }
            }
        }
    }

    /// Matrix product of tensors with at least two dimensions; leading (batch) dimensions broadcast.
    static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.dtype == b.dtype else {
            throw EngineError.type("matmul: dtypes \(a.dtype.rawValue) and \(b.dtype.rawValue) differ")
        }
        let (m, k, k2, n) = (a.shape[a.ndim - 2], a.shape[a.ndim - 1], b.shape[b.ndim - 2], b.shape[b.ndim - 1])
        guard k == k2 else {
            throw EngineError.value("matmul: \(describe(a.shape)) @ \(describe(b.shape)): inner dimensions \(k) and \(k2) differ")
        }
        guard Swift.max(m, n, k) < Int(Int32.max) else {
            throw EngineError.value("matmul: \(describe(a.shape)) @ \(describe(b.shape)): dimensions beyond 2^31 are not supported by BLAS")
        }
        let (aBatch, bBatch) = (Dims(a.shape.dropLast(2)), Dims(b.shape.dropLast(2)))
        guard let batch = Strided.broadcast(aBatch, bBatch) else {
            throw EngineError.value("matmul: \(describe(a.shape)) @ \(describe(b.shape)): batch dimensions cannot be broadcast")
        }
        let x = layout(m, k, a.strideAt(a.ndim - 2), a.strideAt(a.ndim - 1)) == nil ? try copy(a) : a
        let y = layout(k, n, b.strideAt(b.ndim - 2), b.strideAt(b.ndim - 1)) == nil ? try copy(b) : b
        let la = layout(m, k, x.strideAt(x.ndim - 2), x.strideAt(x.ndim - 1))!
        let lb = layout(k, n, y.strideAt(y.ndim - 2), y.strideAt(y.ndim - 1))!
        let out = try Tensor.empty(batch + Dims(m, n), dtype: a.dtype)
        let sa = Strided.broadcastStrides(aBatch, Dims(count: aBatch.count, x.strideAt), to: batch)
        let sb = Strided.broadcastStrides(bBatch, Dims(count: bBatch.count, y.strideAt), to: batch)
        let batchCount = batch.reduce(1, *)
        for bi in 0..<batchCount {
            if bi > 0 { try Interrupt.check() }
            var (rem, ao, bo) = (bi, x.offset, y.offset)
            for d in stride(from: batch.count - 1, through: 0, by: -1) {
                let idx = rem % batch[d]
                rem /= batch[d]
                ao += idx * sa[d]
                bo += idx * sb[d]
            }
            switch a.dtype {
            case .float32: try gemm(Float.self, x, ao, la, y, bo, lb, out.base(Float.self) + bi * m * n, m: m, n: n, k: k, accumulate: false)
            case .float64: try gemm(Double.self, x, ao, la, y, bo, lb, out.base(Double.self) + bi * m * n, m: m, n: n, k: k, accumulate: false)
            case .int64: try gemm(Int64.self, x, ao, la, y, bo, lb, out.base(Int64.self) + bi * m * n, m: m, n: n, k: k, accumulate: false)
            }
        }
        guard a.dtype.isFloatingPoint else { return out }
        return Graph.record(out, .matmul, [x, y])
    }

    /// The view that swaps the last two dimensions.
    static func transposeLast(_ t: Tensor) throws -> Tensor {
        guard t.ndim >= 2 else {
            throw EngineError.value("transpose: a tensor of shape \(describe(t.shape)) has fewer than two dimensions")
        }
        // The permute that swaps the last two: a swap is its own inverse.
        let swapped = { (d: Int) in d < t.ndim - 2 ? d : 2 * t.ndim - 3 - d }
        let shape = Dims(count: t.ndim) { t.shape[swapped($0)] }
        let strides = Dims(count: t.ndim) { t.strideAt(swapped($0)) }
        return view(t, shape: shape, strides: strides, offset: t.offset, .permute(inverse: {
            var order = Array(0..<t.ndim)
            order.swapAt(t.ndim - 1, t.ndim - 2)
            return order
        }()))
    }

    /// activation(x·wᵀ + b) as one op: the bias rows are written first and the GEMM accumulates
    /// into them, then the activation runs in place; for x (N, in), w (out, in), b (out).
    static func linear(_ x: Tensor, _ w: Tensor, _ b: Tensor?, activation: FusedActivation? = nil) throws -> Tensor {
        guard x.ndim == 2, w.ndim == 2, x.shape[1] == w.shape[1] else {
            throw EngineError.value("linear: input \(describe(x.shape)) and weight \(describe(w.shape)) do not fit (weight is (out, in))")
        }
        guard x.dtype == w.dtype, b.map({ $0.dtype == w.dtype }) ?? true else {
            throw EngineError.type("linear: dtypes \(x.dtype.rawValue), \(w.dtype.rawValue)\(b.map { " and " + $0.dtype.rawValue } ?? "") differ")
        }
        if let b, b.shape != Dims(w.shape[0]) {
            throw EngineError.value("linear: bias \(describe(b.shape)) does not fit weight \(describe(w.shape))")
        }
        guard x.dtype.isFloatingPoint else {
            return try matmul(x, transposeLast(w))
        }
        let (m, n, k) = (x.shape[0], w.shape[0], x.shape[1])
        let xs = layout(m, k, x.strideAt(0), x.strideAt(1)) == nil ? try copy(x) : x
        let ws = layout(n, k, w.strideAt(0), w.strideAt(1)) == nil ? try copy(w) : w
        let la = layout(m, k, xs.strideAt(0), xs.strideAt(1))!
        var lb = layout(n, k, ws.strideAt(0), ws.strideAt(1))!
        lb.trans.toggle()
        let out = try Tensor.empty(Dims(m, n), dtype: x.dtype)
        if let b { Kernels.copy(b, into: out, rows: m) }
        switch x.dtype {
        case .float32: try gemm(Float.self, xs, xs.offset, la, ws, ws.offset, lb, out.base(Float.self), m: m, n: n, k: k, accumulate: b != nil)
        default: try gemm(Double.self, xs, xs.offset, la, ws, ws.offset, lb, out.base(Double.self), m: m, n: n, k: k, accumulate: b != nil)
        }
        if let activation { try Kernels.unary(Kernels.Unary(activation), out, into: out) }
        // Literals, not `b.map { [xs, ws, $0] }`: a closure's literal is built on the heap.
        if let b { return Graph.record(out, .linear(activation), [xs, ws, b]) }
        return Graph.record(out, .linear(activation), [xs, ws])
    }
}

extension Kernels.Unary {
    init(_ activation: FusedActivation) {
        switch activation {
        case .relu: self = .relu
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        }
    }
}
