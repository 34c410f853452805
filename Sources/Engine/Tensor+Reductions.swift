import Interruption

/// Reductions over one axis or all of them.
extension Tensor {
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
        try Ops.reduce(.sum, self, axes: axis.map { [$0] }, keepdims: keepdims, name: "sum")
    }

    public func mean(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
        let n = try axis.map { shape[try Strided.axis($0, ndim, "mean")] } ?? count
        let x = dtype.isFloatingPoint ? self : try cast(.float32)
        return try x.sum(axis: axis, keepdims: keepdims) * (1 / Double(n))
    }

    /// The largest value; the gradient is shared equally between tied maxima.
    public func max(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
        try Ops.reduce(.max, self, axes: axis.map { [$0] }, keepdims: keepdims, name: "max")
    }

    public func min(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
        try Ops.reduce(.min, self, axes: axis.map { [$0] }, keepdims: keepdims, name: "min")
    }

    /// Index of the first largest value (over the flattened tensor when `axis` is nil), as int64.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
        guard count > 0 else { throw EngineError.value("argmax: cannot reduce an empty tensor") }
        try Trace.forbidReading("argmax", self)
        guard let axis else {
            let out = try Tensor.empty(keepdims ? Dims(repeating: 1, count: ndim) : Dims(), dtype: .int64)
            Kernels.argmaxRows(contiguousOrSelf(), rows: 1, n: count, into: out.base(Int64.self))
            return out
        }
        let a = try Strided.axis(axis, ndim, "argmax")
        var order = Array(0..<ndim)
        order.remove(at: a)
        order.append(a)
        let moved = try Ops.copyRaw(Ops.permute(detach(), order))
        var outShape = shape
        if keepdims { outShape[a] = 1 } else { outShape.remove(at: a) }
        let out = try Tensor.empty(outShape, dtype: .int64)
        Kernels.argmaxRows(moved, rows: count / shape[a], n: shape[a], into: out.base(Int64.self))
        return out
    }
}
