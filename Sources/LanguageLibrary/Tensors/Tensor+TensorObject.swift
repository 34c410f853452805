import Engine
import LanguageCore

/// Engine's tensors are the language's: operators, subscripts, attributes, repr and display
/// come from `TensorOps`, `TensorMethods` and `TensorText`. The conformance is on `Tensor`
/// itself, so that a tensor result is a `Value` without a wrapper to allocate.
extension Tensor: TensorObject {
    public var typeName: String { "Tensor" }

    public var attributeNames: [String] { TensorMethods.properties + TensorMethods.table.keys }

    public func attribute(_ name: String) throws -> Value? {
        return try TensorMethods.property(self, name)
    }

    public func setAttribute(_ name: String, _ value: Value) throws { try TensorMethods.setProperty(self, name, value) }

    public var repr: String { TensorText.repr(self) }

    public var mimeBundle: MimeBundle {
        MimeBundle(data: ["text/plain": .text(TensorText.repr(self)), "text/html": .text(TensorText.html(self))])
    }

    public var helpText: String {
        "Tensor: an n-dimensional array that records operations for backward().\n\nProperties: "
            + TensorMethods.properties.joined(separator: ", ") + "\nMethods: " + TensorMethods.table.keys.sorted().joined(separator: ", ")
    }

    public func applyBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value { try TensorOps.binary(op, a, b) }

    public func applyComparison(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value { try TensorOps.compare(op, a, b) }

    public func applyUnary(_ op: UnaryOp) throws -> Value { try TensorOps.unary(op, .tensor(self)) }

    public func updateInPlace(_ op: BinaryOp, _ b: Value) throws { try TensorOps.inPlace(op, self, b) }

    public func updateInPlaceScaled(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool {
        guard op == .add || op == .sub else { return false }
        let (number, other): (Value, Value) = Operators.number(a) != nil ? (a, b) : (b, a)
        guard let scale = Operators.number(number), case .tensor(let u as Tensor) = other else { return false }
        return try subtractScaled_(u, op == .sub ? scale : -scale)
    }

    public func subscriptItem(_ sub: Subscript) throws -> Value { .tensor(try TensorOps.index(self, sub)) }

    public func setSubscriptItem(_ sub: Subscript, _ value: Value) throws { try TensorOps.setIndex(self, sub, value) }

    public func integerItem() throws -> Int? { count == 1 && dtype == .int64 ? try intItem() : nil }

    public func firstAxisLength() throws -> Int {
        guard ndim > 0 else { throw ScriptError("TypeError", "len() of a 0-d tensor") }
        return shape[0]
    }

    public func forEachAlongFirstAxis(_ body: (Value) throws -> Bool) throws {
        guard ndim > 0 else { throw ScriptError("TypeError", "iteration over a 0-d tensor") }
        for i in 0..<shape[0] where try !body(.tensor(try index([.int(i)]))) { return }
    }

    public func method(_ name: String) -> Builtin? { TensorMethods.table[name] }
}

extension Arguments {
    /// The argument `param` as a tensor (numbers and lists of numbers are converted).
    public func tensor(_ param: String) throws -> Tensor {
        try toTensor(self[param], name: "\(name)() argument '\(param)'")
    }
}
