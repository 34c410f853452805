import Interruption

/// Shape arithmetic shared by the kernels: broadcasting and walking strided layouts row by row.
enum Strided {
    /// NumPy broadcasting of two shapes, or nil when they are incompatible.
    static func broadcast(_ a: Dims, _ b: Dims) -> Dims? {
        let n = Swift.max(a.count, b.count)
        var out = Dims(repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// The strides that read a tensor of `shape`/`strides` as if it had the broadcast shape `to`
    /// (zero along broadcast dimensions).
    static func broadcastStrides(_ shape: Dims, _ strides: Dims, to: Dims) -> Dims {
        let lead = to.count - shape.count
        return Dims(count: to.count) { i in
            i < lead || shape[i - lead] == 1 ? 0 : strides[i - lead]
        }
    }

    /// Merges adjacent dimensions that every operand walks contiguously, so that a contiguous
    /// tensor becomes one long row.
    static func collapse<let N: Int>(_ shape: Dims, _ strides: InlineArray<N, Dims>) -> (Dims, InlineArray<N, Dims>) {
        guard !shape.isEmpty else { return (Dims(1), InlineArray(repeating: Dims(0))) }
        var outShape = Dims(shape[0])
        var outStrides = InlineArray<N, Dims> { Dims(strides[$0][0]) }
        for i in 1..<shape.count {
            var mergeable = true
            for k in strides.indices where strides[k][i - 1] != strides[k][i] * shape[i] { mergeable = false }
            if mergeable {
                outShape[outShape.count - 1] *= shape[i]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][i] }
            } else {
                outShape.append(shape[i])
                for k in strides.indices { outStrides[k].append(strides[k][i]) }
            }
        }
        return (outShape, outStrides)
    }

    /// Calls `body(offsets, n, innerStrides)` once per innermost row of `shape`, with each
    /// operand's element offset at the row's start. The operands are a fixed number (one to
    /// three), inline: a strided walk allocates nothing.
    @inline(__always)
    static func forEachRow<let N: Int>(_ shape: Dims, _ strides: InlineArray<N, Dims>,
                                       _ body: (_ offsets: InlineArray<N, Int>, _ n: Int, _ inner: InlineArray<N, Int>) -> Void) {
        let (shape, strides) = collapse(shape, strides)
        if shape.contains(0) { return }
        let d = shape.count
        let n = shape[d - 1]
        let inner = InlineArray<N, Int> { strides[$0][d - 1] }
        var offs = InlineArray<N, Int>(repeating: 0)
        var index = Dims(repeating: 0, count: d)
        while true {
            body(offs, n, inner)
            var k = d - 2
            while k >= 0 {
                index[k] += 1
                for o in offs.indices { offs[o] += strides[o][k] }
                if index[k] < shape[k] { break }
                for o in offs.indices { offs[o] -= strides[o][k] * shape[k] }
                index[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }

    /// The number of elements of `shape`, or a MemoryError when the product overflows.
    static func count(_ shape: Dims) throws -> Int {
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow else { throw EngineError(kind: "MemoryError", message: "shape \(describe(shape)) has too many elements") }
            n = p
        }
        return n
    }

    /// Normalizes a possibly negative axis, or throws an IndexError naming the op.
    static func axis(_ axis: Int, _ ndim: Int, _ op: String) throws -> Int {
        let a = axis < 0 ? axis + ndim : axis
        guard a >= 0 && a < ndim else {
            throw EngineError.index("\(op): axis \(axis) is out of range for a tensor with \(ndim) dimension\(ndim == 1 ? "" : "s")")
        }
        return a
    }
}
