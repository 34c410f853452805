/// A tensor as the language's core sees it. The core imports no engine: LanguageLibrary makes
/// Engine's `Tensor` conform, and the core reaches tensors only through these requirements
/// (operators, subscripts, conversions to numbers, `len` and iteration) and through
/// `LibraryObject` (attributes, repr, display, help). A case of its own in `Value`, so that an
/// operator tells a tensor apart by a tag, without a dynamic cast.
public protocol TensorObject: LibraryObject {
    /// The number of elements.
    var count: Int { get }
    /// `a op b`, where this tensor is `a` or `b`: tensors take the operator before the
    /// language's own rules do (`[1, 2] + t` adds element-wise).
    func applyBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value
    /// `a op b` for the comparison operators other than `is` and `in`, element-wise.
    func applyComparison(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value
    /// `-t` and `+t`.
    func applyUnary(_ op: UnaryOp) throws -> Value
    /// `t op= b`, in place, so that a parameter keeps its identity.
    func updateInPlace(_ op: BinaryOp, _ b: Value) throws
    /// `t -= a * b` or `t += a * b` (`op` `.sub` or `.add`) in one pass, where one of `a`, `b`
    /// is a number: `p -= lr * p.grad` without the product's temporary. Returns false, changing
    /// nothing, where the one pass would not do exactly what the product and `updateInPlace`
    /// do; the caller then takes that way.
    func updateInPlaceScaled(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool
    /// `t[sub]`.
    func subscriptItem(_ sub: Subscript) throws -> Value
    /// `t[sub] = value`.
    func setSubscriptItem(_ sub: Subscript, _ value: Value) throws
    /// The element of a one-element tensor (callers check `count`), which serves as a number.
    func item() throws -> Double
    /// The element of a one-element tensor of an integer type, nil for other tensors: such a
    /// tensor serves as an index or an int argument.
    func integerItem() throws -> Int?
    /// `len(t)`: the length of the first axis.
    func firstAxisLength() throws -> Int
    /// Calls `body` with each slice along the first axis until it returns false (`for row in t`).
    func forEachAlongFirstAxis(_ body: (Value) throws -> Bool) throws
}
