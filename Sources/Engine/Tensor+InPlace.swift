import COpenBLAS
import Interruption

/// In-place updates, for optimizers and interpreters: no graph, no allocation.
extension Tensor {
    /// Throws unless this tensor may be changed in place: a leaf that requires gradients can be
    /// updated only inside `Autograd.noGrad`, and a result in a recorded graph never.
    func checkInPlace(_ op: String) throws {
        guard Autograd.isEnabled else { return }
        if leafRequiresGrad {
            throw EngineError.runtime("\(op): a leaf tensor that requires grad is being used in an in-place operation; wrap the update in no_grad")
        }
        if node != nil {
            throw EngineError.runtime("\(op): in-place update of a tensor that is part of the autograd graph; detach() it first")
        }
    }

    /// self += alpha · other (other broadcast to self's shape): SGD's step is `addScaled_(grad, alpha: -lr)`.
    public func addScaled_(_ other: Tensor, alpha: Double) throws {
        try checkInPlace("add_")
        guard Strided.broadcast(shape, other.shape) == shape else {
            throw EngineError.value("add_: shape \(describe(other.shape)) cannot be broadcast to \(describe(shape))")
        }
        let aliased = other.storage === storage && (other.offset != offset || other.strides != strides || other.shape != shape)
        let other = aliased ? Tensor.copying(other) : other
        if other.shape == shape, other.dtype == dtype, isContiguous, other.isContiguous, dtype.isFloatingPoint, count < Int(Int32.max) {
            if dtype == .float32 {
                cblas_saxpy(Int32(count), Float(alpha), other.base(Float.self), 1, base(Float.self), 1)
            } else {
                cblas_daxpy(Int32(count), alpha, other.base(Double.self), 1, base(Double.self), 1)
            }
            return
        }
        let scaled = alpha == 1 ? try Ops.cast(other, dtype) : try Autograd.noGrad { try Ops.cast(other, dtype) * alpha }
        try Kernels.binary(.add, self, try Ops.cast(scaled, dtype), into: self, interruptible: false)
    }

    /// self -= scale · other in one pass, without the product's temporary: the interpreter's
    /// `p -= lr * p.grad`. Rounded as the two ops are (the product to this dtype, then the
    /// difference, no fused multiply-add: SGD's `UpdateRule`), so both ways print alike.
    ///
    /// Returns false, changing nothing, unless both are contiguous floating-point tensors of one
    /// shape and dtype in separate buffers (or the very same view) and `other` records no graph:
    /// the caller then computes the product and calls `addScaled_`.
    public func subtractScaled_(_ other: Tensor, _ scale: Double) throws -> Bool {
        guard other.shape == shape, other.dtype == dtype, dtype.isFloatingPoint, isContiguous, other.isContiguous,
              other.storage !== storage || other.offset == offset,
              !(Autograd.isEnabled && other.requiresGrad) else { return false }
        try checkInPlace("add_")
        let sgd = UpdateRule(rule: .sgd, baseLR: scale)
        // SGD keeps no state: the state pointer is never read, so the parameter's own serves.
        if dtype == .float32 {
            let p = base(Float.self)
            sgd.apply(param: p, grad: UnsafePointer(other.base(Float.self)), state: p, count: count, t: 1, lr: scale)
        } else {
            let p = base(Double.self)
            sgd.apply(param: p, grad: UnsafePointer(other.base(Double.self)), state: p, count: count, t: 1, lr: scale)
        }
        return true
    }

    /// self *= factor.
    public func scale_(_ factor: Double) throws {
        try checkInPlace("mul_")
        try Kernels.binary(.mul, self, try scalarLike(factor).cast(dtype), into: self, interruptible: false)
    }

    /// Sets every element to `value`.
    public func fill_(_ value: Double) throws {
        try checkInPlace("fill_")
        try dtype.check(value, "fill_")
        Kernels.fill(self, value)
    }

    /// Copies `source` (broadcast, converted to this dtype) into this tensor.
    public func copy_(_ source: Tensor) throws {
        try checkInPlace("copy_")
        guard Strided.broadcast(shape, source.shape) == shape else {
            throw EngineError.value("copy_: shape \(describe(source.shape)) cannot be broadcast to \(describe(shape))")
        }
        Kernels.copy(source.storage === storage ? Tensor.copying(source) : source, into: self)
    }
}
