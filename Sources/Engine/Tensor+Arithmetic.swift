import Interruption

/// Elementwise arithmetic and functions, all broadcasting and differentiable.
///
/// `Double` operands become zero-dimensional tensors of the tensor's dtype (float32 for an int64
/// tensor and a number that is not an int64: a fraction, 1e30, inf, NaN), as in PyTorch.
extension Tensor {
    func scalarLike(_ v: Double) -> Tensor {
        Tensor.scalar(v, dtype: dtype == .int64 && Int64(exactly: v) == nil ? .float32 : dtype)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try Ops.binary(.add, a, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try Ops.binary(.sub, a, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try Ops.binary(.mul, a, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try Ops.binary(.div, a, b) }
    public static func + (a: Tensor, b: Double) throws -> Tensor { try Ops.binary(.add, a, a.scalarLike(b)) }
    public static func - (a: Tensor, b: Double) throws -> Tensor { try Ops.binary(.sub, a, a.scalarLike(b)) }
    public static func * (a: Tensor, b: Double) throws -> Tensor { try Ops.binary(.mul, a, a.scalarLike(b)) }
    public static func / (a: Tensor, b: Double) throws -> Tensor { try Ops.binary(.div, a, a.scalarLike(b)) }
    /// `a // b` as in PyTorch: rounded toward minus infinity, int64 for int64 operands, and not
    /// differentiable (the result requires no gradient).
    public func floorDivide(_ b: Tensor) throws -> Tensor { try Ops.binary(.floorDiv, self, b) }
    public func floorDivide(_ b: Double) throws -> Tensor { try Ops.binary(.floorDiv, self, scalarLike(b)) }
    public func rfloorDivide(_ a: Double) throws -> Tensor { try Ops.binary(.floorDiv, scalarLike(a), self) }
    /// `a % b` as PyTorch's `remainder` (and Python's `%`): the sign of `b`. Composed as
    /// `a - (a // b) * b`, so its gradient is PyTorch's: 1 for `a`, `-(a // b)` for `b`.
    public func remainder(_ b: Tensor) throws -> Tensor { try self - floorDivide(b) * b }
    public func remainder(_ b: Double) throws -> Tensor { try remainder(scalarLike(b)) }
    public func rremainder(_ a: Double) throws -> Tensor { try scalarLike(a).remainder(self) }
    public static func + (a: Double, b: Tensor) throws -> Tensor { try Ops.binary(.add, b.scalarLike(a), b) }
    public static func - (a: Double, b: Tensor) throws -> Tensor { try Ops.binary(.sub, b.scalarLike(a), b) }
    public static func * (a: Double, b: Tensor) throws -> Tensor { try Ops.binary(.mul, b.scalarLike(a), b) }
    public static func / (a: Double, b: Tensor) throws -> Tensor { try Ops.binary(.div, b.scalarLike(a), b) }
    public static prefix func - (a: Tensor) throws -> Tensor { try a.neg() }

    public func neg() throws -> Tensor { try Ops.binary(.sub, scalarLike(0), self) }
    public func pow(_ e: Tensor) throws -> Tensor { try Ops.binary(.pow, self, e) }
    public func pow(_ e: Double) throws -> Tensor {
        dtype == .int64 && e >= 0 && e == e.rounded() ? try Ops.binary(.pow, self, Tensor.scalar(e, dtype: .int64)) : try Ops.unary(.powScalar(e), self)
    }
    /// `base ** self`.
    public func rpow(_ base: Double) throws -> Tensor { try Ops.binary(.pow, scalarLike(base), self) }

    public func exp() throws -> Tensor { try Ops.unary(.exp, self) }
    public func log() throws -> Tensor { try Ops.unary(.log, self) }
    public func sqrt() throws -> Tensor { try Ops.unary(.sqrt, self) }
    public func abs() throws -> Tensor { try Ops.unary(.abs, self) }
    public func relu() throws -> Tensor { try Ops.unary(.relu, self) }
    public func sigmoid() throws -> Tensor { try Ops.unary(.sigmoid, self) }
    public func tanh() throws -> Tensor { try Ops.unary(.tanh, self) }
    /// -1, 0 or 1 by sign (no gradient).
    public func sign() throws -> Tensor { try Ops.unary(.sign, self) }

    /// Limits values to [min, max]; the gradient passes where the value was inside.
    public func clamp(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        try Ops.unary(.clamp(min ?? -.infinity, max ?? .infinity), self)
    }

    public func maximum(_ other: Tensor) throws -> Tensor { try Ops.binary(.maximum, self, other) }
    public func minimum(_ other: Tensor) throws -> Tensor { try Ops.binary(.minimum, self, other) }

    // Comparisons: 0/1 tensors of the promoted operand dtype, without gradient.
    public func eq(_ o: Tensor) throws -> Tensor { try Ops.binary(.eq, self, o) }
    public func ne(_ o: Tensor) throws -> Tensor { try Ops.binary(.ne, self, o) }
    public func lt(_ o: Tensor) throws -> Tensor { try Ops.binary(.lt, self, o) }
    public func le(_ o: Tensor) throws -> Tensor { try Ops.binary(.le, self, o) }
    public func gt(_ o: Tensor) throws -> Tensor { try Ops.binary(.gt, self, o) }
    public func ge(_ o: Tensor) throws -> Tensor { try Ops.binary(.ge, self, o) }
    public func eq(_ o: Double) throws -> Tensor { try Ops.binary(.eq, self, scalarLike(o)) }
    public func ne(_ o: Double) throws -> Tensor { try Ops.binary(.ne, self, scalarLike(o)) }
    public func lt(_ o: Double) throws -> Tensor { try Ops.binary(.lt, self, scalarLike(o)) }
    public func le(_ o: Double) throws -> Tensor { try Ops.binary(.le, self, scalarLike(o)) }
    public func gt(_ o: Double) throws -> Tensor { try Ops.binary(.gt, self, scalarLike(o)) }
    public func ge(_ o: Double) throws -> Tensor { try Ops.binary(.ge, self, scalarLike(o)) }

    /// Matrix product with NumPy's rules: 1-D operands are vectors, leading dimensions broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard ndim >= 1, other.ndim >= 1 else {
            throw EngineError.value("matmul: both operands need at least one dimension, got \(describe(shape)) @ \(describe(other.shape))")
        }
        let a = ndim == 1 ? try reshape([1, shape[0]]) : self
        let b = other.ndim == 1 ? try other.reshape([other.shape[0], 1]) : other
        if ndim == 1 && a.shape[1] != b.shape[b.ndim - 2] || other.ndim == 1 && a.shape[a.ndim - 1] != b.shape[0] {
            throw EngineError.value("matmul: \(describe(shape)) @ \(describe(other.shape)): inner dimensions \(shape[ndim - 1]) and \(other.shape[Swift.max(other.ndim - 2, 0)]) differ")
        }
        var out = try Ops.matmul(a, b)
        if ndim == 1 { out = try out.squeeze(out.ndim - 2) }
        if other.ndim == 1 { out = try out.squeeze(out.ndim - 1) }
        return out
    }

    /// This tensor converted to `dtype` (differentiable between float types).
    public func cast(_ dtype: DType, copy: Bool = false) throws -> Tensor { try Ops.cast(self, dtype, copy: copy) }
}
