import Interruption
/// The element loops, each written once, generic over the element type, and run over raw
/// pointers row by row (see `Strided.forEachRow`). Every function here writes into a tensor the
/// caller allocated; none of them records gradients. The element-wise ones look at `Interrupt`
/// every `Interrupt.chunk` elements and throw `KeyboardInterrupt`, leaving `out` partly written,
/// unless the caller asks for the whole op (in-place updates, which must not stop half done).
enum Kernels {
    enum Binary {
        case add, sub, mul, div, floorDiv, pow, maximum, minimum, eq, ne, lt, le, gt, ge
        /// a where b > 0, else 0: ReLU's backward in one pass.
        case maskPositive
    }

    enum Unary {
        case exp, log, sqrt, abs, relu, sigmoid, tanh, sign
        case clamp(Double, Double)
        case powScalar(Double)
        case scale(Double)
    }

    enum Reduce { case sum, max, min }

    // MARK: binary

    /// out = a op b, with a and b broadcast to out's shape; all three have out's dtype.
    static func binary(_ op: Binary, _ a: Tensor, _ b: Tensor, into out: Tensor, interruptible: Bool = true) throws {
        switch out.dtype {
        case .float32: try binary(Float.self, op, a, b, out, interruptible)
        case .float64: try binary(Double.self, op, a, b, out, interruptible)
        case .int64: try binary(Int64.self, op, a, b, out, interruptible)
        }
    }

    private static func binary<T: TensorScalar>(_: T.Type, _ op: Binary, _ a: Tensor, _ b: Tensor, _ out: Tensor,
                                                _ interruptible: Bool) throws {
        let (pa, pb, po) = (a.base(T.self), b.base(T.self), out.base(T.self))
        if out.isContiguous, a.isContiguous || a.count == 1, b.isContiguous || b.count == 1,
           a.count == out.count || a.count == 1, b.count == out.count || b.count == 1 {
            let (ix, iy) = (a.count == 1 && out.count > 1 ? 0 : 1, b.count == 1 && out.count > 1 ? 0 : 1)
            try inChunks(out.count, interruptible) { lo, n in binaryRow(op, pa + lo * ix, ix, pb + lo * iy, iy, po + lo, 1, n) }
            return
        }
        let sa = Strided.broadcastStrides(a.shape, a.strides, to: out.shape)
        let sb = Strided.broadcastStrides(b.shape, b.strides, to: out.shape)
        try rowsInChunks(out.shape, [sa, sb, out.strides], interruptible) { offs, n, inner in
            binaryRow(op, pa + offs[0], inner[0], pb + offs[1], inner[1], po + offs[2], inner[2], n)
        }
    }

    /// `body(start, count)` over 0..<n in pieces of `Interrupt.chunk`, checking for an interrupt
    /// before each piece after the first when `interruptible`.
    @inline(__always)
    static func inChunks(_ n: Int, _ interruptible: Bool, _ body: (Int, Int) -> Void) throws {
        guard interruptible, n > Interrupt.chunk else { return body(0, n) }
        for lo in stride(from: 0, to: n, by: Interrupt.chunk) {
            if lo > 0 { try Interrupt.check() }
            body(lo, Swift.min(Interrupt.chunk, n - lo))
        }
    }

    /// `Strided.forEachRow` that stops once `Interrupt.chunk` elements have passed since the last
    /// look and an interrupt is pending, then throws it.
    @inline(__always)
    private static func rowsInChunks<let N: Int>(_ shape: Dims, _ strides: InlineArray<N, Dims>, _ interruptible: Bool,
                                                 _ body: (_ offsets: InlineArray<N, Int>, _ n: Int, _ inner: InlineArray<N, Int>) -> Void) throws {
        var (since, stopped) = (0, false)
        Strided.forEachRow(shape, strides) { offs, n, inner in
            if stopped { return }
            body(offs, n, inner)
            since += n
            if interruptible, since >= Interrupt.chunk {
                since = 0
                stopped = Interrupt.isRequested
            }
        }
        if stopped { try Interrupt.check() }
    }

    /// One row of a binary op: n elements at the given strides.
    @inline(__always)
    private static func binaryRow<T: TensorScalar>(_ op: Binary, _ x: UnsafeMutablePointer<T>, _ ix: Int,
                                                   _ y: UnsafeMutablePointer<T>, _ iy: Int,
                                                   _ z: UnsafeMutablePointer<T>, _ iz: Int, _ n: Int) {
        @inline(__always) func run(_ f: (T, T) -> T) { zip2(x, ix, y, iy, z, iz, n, f) }
        @inline(__always) func test(_ f: (T, T) -> Bool) { zip2(x, ix, y, iy, z, iz, n) { f($0, $1) ? 1 : 0 } }
        switch op {
        case .add: run(T.plus)
        case .sub: run(T.minus)
        case .mul: run(T.times)
        case .div: run(T.divide)
        case .floorDiv: run(T.floorDivide)
        case .pow: run(T.power)
        case .maximum: run { $0 >= $1 || $0 != $0 ? $0 : $1 }
        case .minimum: run { $0 <= $1 || $0 != $0 ? $0 : $1 }
        case .eq: test(==)
        case .ne: test(!=)
        case .lt: test(<)
        case .le: test(<=)
        case .gt: test(>)
        case .ge: test(>=)
        case .maskPositive: run { $1 > 0 ? $0 : 0 }
        }
    }

    @inline(__always)
    private static func zip2<T>(_ x: UnsafeMutablePointer<T>, _ ix: Int, _ y: UnsafeMutablePointer<T>, _ iy: Int,
                                _ z: UnsafeMutablePointer<T>, _ iz: Int, _ n: Int, _ f: (T, T) -> T) {
        if iz == 1 && ix == 1 && iy == 1 {
            for j in 0..<n { z[j] = f(x[j], y[j]) }
        } else if iz == 1 && ix == 1 && iy == 0 {
            let v = y[0]
            for j in 0..<n { z[j] = f(x[j], v) }
        } else if iz == 1 && ix == 0 && iy == 1 {
            let u = x[0]
            for j in 0..<n { z[j] = f(u, y[j]) }
        } else {
            for j in 0..<n { z[j * iz] = f(x[j * ix], y[j * iy]) }
        }
    }

    // MARK: unary (floating point)

    /// out = op(a), elementwise; a and out have the same float dtype and shape.
    static func unary(_ op: Unary, _ a: Tensor, into out: Tensor) throws {
        switch out.dtype {
        case .float32: try unary(Float.self, op, a, out)
        case .float64: try unary(Double.self, op, a, out)
        case .int64: preconditionFailure("unary kernels run on floating-point tensors only")
        }
    }

    private static func unary<T: FloatScalar>(_: T.Type, _ op: Unary, _ a: Tensor, _ out: Tensor) throws {
        let (pa, po) = (a.base(T.self), out.base(T.self))
        if a.isContiguous && out.isContiguous {
            try inChunks(out.count, true) { lo, n in unaryRow(op, pa + lo, 1, po + lo, 1, n) }
            return
        }
        try rowsInChunks(out.shape, [a.strides, out.strides], true) { offs, n, inner in
            unaryRow(op, pa + offs[0], inner[0], po + offs[1], inner[1], n)
        }
    }

    @inline(__always)
    private static func unaryRow<T: FloatScalar>(_ op: Unary, _ x: UnsafeMutablePointer<T>, _ ix: Int,
                                                 _ z: UnsafeMutablePointer<T>, _ iz: Int, _ n: Int) {
        @inline(__always) func run(_ f: (T) -> T) {
            if ix == 1 && iz == 1 { for j in 0..<n { z[j] = f(x[j]) } } else { for j in 0..<n { z[j * iz] = f(x[j * ix]) } }
        }
        switch op {
        case .exp: run(T.exp)
        case .log: run(T.log)
        case .sqrt: run { $0.squareRoot() }
        case .abs: run { Swift.abs($0) }
        case .relu:
            if T.self == Float.self && ix == 1 && iz == 1 {
                relu(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), UnsafeMutableRawPointer(z).assumingMemoryBound(to: Float.self), n)
            } else {
                run { $0 > 0 ? $0 : 0 }
            }
        case .sigmoid: run { 1 / (1 + T.exp(-$0)) }
        case .tanh: run(T.tanh)
        case .sign: run { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .clamp(let lo, let hi):
            let (l, h) = (T(lo), T(hi))
            run { $0 < l ? l : ($0 > h ? h : $0) }
        case .powScalar(let e):
            let p = T(e)
            if e == 2 { run { $0 * $0 } } else { run { T.pow($0, p) } }
        case .scale(let s):
            let c = T(s)
            run { $0 * c }
        }
    }

    /// ReLU on contiguous floats, 16 lanes at a time. In place (linear's fused activation) the
    /// compiler's own vectorization gives up on the overlap check and runs a float at a time
    /// (1% of the lecture example's step). The same rule as every other path: a lane keeps x
    /// only when x > 0, so NaN and -0 become 0.
    @inline(never)
    static func relu(_ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, _ n: Int, vectors: Bool = vectorsByDefault) {
        inLanes(n, vectors: vectors) { whole, tail in
            for j in stride(from: whole.lowerBound, to: whole.upperBound, by: 16) {
                let v = SIMD16<Float>(loading: x + j)
                v.replacing(with: 0, where: .!(v .> 0)).store(z + j)
            }
            for j in tail { z[j] = x[j] > 0 ? x[j] : 0 }
        }
    }

    // MARK: copies

    /// dst = src elementwise (same shape; dtypes may differ).
    static func copy(_ src: Tensor, into dst: Tensor) {
        switch src.dtype {
        case .float32: copy(from: Float.self, src, dst)
        case .float64: copy(from: Double.self, src, dst)
        case .int64: copy(from: Int64.self, src, dst)
        }
    }

    private static func copy<S: TensorScalar>(from: S.Type, _ src: Tensor, _ dst: Tensor) {
        switch dst.dtype {
        case .float32: copy(S.self, Float.self, src, dst)
        case .float64: copy(S.self, Double.self, src, dst)
        case .int64: copy(S.self, Int64.self, src, dst)
        }
    }

    private static func copy<S: TensorScalar, D: TensorScalar>(_: S.Type, _: D.Type, _ src: Tensor, _ dst: Tensor) {
        let (ps, pd) = (src.base(S.self), dst.base(D.self))
        if S.self == D.self, src.isContiguous, dst.isContiguous, src.count == dst.count {
            pd.update(from: UnsafeMutableRawPointer(ps).assumingMemoryBound(to: D.self), count: dst.count)
            return
        }
        let ss = Strided.broadcastStrides(src.shape, src.strides, to: dst.shape)
        Strided.forEachRow(dst.shape, [ss, dst.strides]) { offs, n, inner in
            let (x, z, ix, iz) = (ps + offs[0], pd + offs[1], inner[0], inner[1])
            if S.self == D.self {
                let xs = UnsafeMutableRawPointer(x).assumingMemoryBound(to: D.self)
                if ix == 1 && iz == 1 { z.update(from: xs, count: n) } else { for j in 0..<n { z[j * iz] = xs[j * ix] } }
            } else {
                for j in 0..<n { z[j * iz] = D(converting: x[j * ix].double) }
            }
        }
    }

    /// Copies `src` (one row) into each of the `rows` rows of a contiguous `dst`: bias rows.
    static func copy(_ src: Tensor, into dst: Tensor, rows: Int) {
        guard src.isContiguous, dst.isContiguous, src.dtype == dst.dtype, rows * src.count == dst.count else {
            return copy(src, into: dst)
        }
        let bytes = src.count * src.dtype.size
        let (from, to) = (UnsafeRawPointer(src.storage.raw + src.offset * src.dtype.size), dst.storage.raw + dst.offset * dst.dtype.size)
        for r in 0..<rows { (to + r * bytes).copyMemory(from: from, byteCount: bytes) }
    }

    /// Sets every element of `dst` to `value`.
    static func fill(_ dst: Tensor, _ value: Double) {
        switch dst.dtype {
        case .float32: fill(Float.self, dst, value)
        case .float64: fill(Double.self, dst, value)
        case .int64: fill(Int64.self, dst, value)
        }
    }

    private static func fill<T: TensorScalar>(_: T.Type, _ dst: Tensor, _ value: Double) {
        let v = T(converting: value)
        let p = dst.base(T.self)
        Strided.forEachRow(dst.shape, [dst.strides]) { offs, n, inner in
            let z = p + offs[0]
            for j in 0..<n { z[j * inner[0]] = v }
        }
    }

    // MARK: reductions

    /// Reduces `src` into `out`, whose shape is src's with reduced dimensions set to 1 (keepdims),
    /// or that shape without some of its leading 1s (dimensions line up from the last, as in
    /// broadcasting: a bias gradient sums (N, out) into (out)).
    static func reduce(_ op: Reduce, _ src: Tensor, into out: Tensor) {
        switch src.dtype {
        case .float32: reduce(Float.self, op, src, out)
        case .float64: reduce(Double.self, op, src, out)
        case .int64: reduce(Int64.self, op, src, out)
        }
    }

    private static func reduce<T: TensorScalar>(_: T.Type, _ op: Reduce, _ src: Tensor, _ out: Tensor) {
        let start: T = op == .sum ? 0 : (op == .max ? T.lowest : T.highest)
        let po = out.base(T.self)
        for i in 0..<out.count { po[i] = start }
        let ps = src.base(T.self)
        if op == .sum, src.isContiguous, out.isContiguous, let (rows, n) = leadingReduction(src.shape, out.shape) {
            if n == 1 {
                // Every dimension reduced (`x.sum()`): the same additions in the same order, with
                // the running sum in a register; through `po[0]` each one waited on a store (2.9 µs
                // for 640 floats, against 0.5).
                var acc = start
                for r in 0..<rows { acc = T.plus(acc, ps[r]) }
                po[0] = acc
                return
            }
            for r in 0..<rows {
                let x = ps + r * n
                for j in 0..<n { po[j] = T.plus(po[j], x[j]) }
            }
            return
        }
        let so = Strided.broadcastStrides(out.shape, out.strides, to: src.shape)
        Strided.forEachRow(src.shape, [src.strides, so]) { offs, n, inner in
            let (x, z, ix, iz) = (ps + offs[0], po + offs[1], inner[0], inner[1])
            switch op {
            case .sum:
                if iz == 0 {
                    var acc: T = 0
                    for j in 0..<n { acc = T.plus(acc, x[j * ix]) }
                    z[0] = T.plus(z[0], acc)
                } else if ix == 1 && iz == 1 {
                    for j in 0..<n { z[j] = T.plus(z[j], x[j]) }
                } else {
                    for j in 0..<n { z[j * iz] = T.plus(z[j * iz], x[j * ix]) }
                }
            case .max: for j in 0..<n where !(x[j * ix] <= z[j * iz]) { z[j * iz] = x[j * ix] }
            case .min: for j in 0..<n where !(x[j * ix] >= z[j * iz]) { z[j * iz] = x[j * ix] }
            }
        }
    }

    /// (rows, n) when `out` reduces exactly the leading dimensions of `src`, as a bias gradient
    /// does; then the sum is a plain loop over rows. `out`'s dimensions line up with the last of
    /// `src`'s, as in broadcasting: leading ones it lacks, or has as 1, are reduced.
    private static func leadingReduction(_ src: Dims, _ out: Dims) -> (Int, Int)? {
        let lead = src.count - out.count
        guard lead >= 0 else { return nil }
        var k = 0
        while k < out.count && out[k] == 1 { k += 1 }
        guard src[(lead + k)...].elementsEqual(out[k...]) else { return nil }
        return (src[..<(lead + k)].reduce(1, *), out[k...].reduce(1, *))
    }

    /// For each row of a contiguous (rows, n) tensor, the index of its first largest element.
    static func argmaxRows(_ src: Tensor, rows: Int, n: Int, into out: UnsafeMutablePointer<Int64>) {
        switch src.dtype {
        case .float32: argmaxRows(Float.self, src, rows, n, out)
        case .float64: argmaxRows(Double.self, src, rows, n, out)
        case .int64: argmaxRows(Int64.self, src, rows, n, out)
        }
    }

    private static func argmaxRows<T: TensorScalar>(_: T.Type, _ src: Tensor, _ rows: Int, _ n: Int, _ out: UnsafeMutablePointer<Int64>) {
        let p = src.base(T.self)
        for r in 0..<rows {
            let x = p + r * n
            var best = 0
            for j in 1..<Swift.max(n, 1) where x[j] > x[best] || (x[j] != x[j] && x[best] == x[best]) { best = j }
            out[r] = Int64(best)
        }
    }
}
