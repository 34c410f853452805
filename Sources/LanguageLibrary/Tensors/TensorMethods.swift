import Engine
import Interruption
import LanguageCore

/// Properties and methods of tensors (`t.shape`, `t.sum(axis=0)`, `t.backward()`), declared once
/// with signatures and documentation.
enum TensorMethods {
    static let properties = ["shape", "dtype", "ndim", "T", "grad", "requires_grad", "is_leaf", "data"]

    static func receiver(_ a: borrowing Arguments) throws -> Tensor {
        guard case .tensor(let t as Tensor)? = a.receiver else { throw ScriptError.type("\(a.name)() needs a tensor") }
        return t
    }

    /// Shapes given as `f(2, 3)`, `f((2, 3))` or `f([2, 3])`.
    static func shape(_ values: [Value], _ what: String) throws -> [Int] {
        var items = values
        if items.count == 1, case .tuple(let inner) = items[0] { items = inner }
        if items.count == 1, case .list(let inner) = items[0] { items = inner.items }
        return try items.map { v in
            guard let i = Operators.integer(v) else { throw ScriptError.type("\(what): dimensions must be integers, not \(v.typeName)") }
            guard i >= 0 || i == -1 else { throw ScriptError.value("\(what): negative dimension \(i)") }
            return i
        }
    }

    static func property(_ t: Tensor, _ name: String) throws -> Value? {
        switch name {
        case "shape": return .tuple(t.shape.map { .int($0) })
        case "dtype": return .str(t.dtype.rawValue)
        case "ndim": return .int(t.ndim)
        case "T": return .tensor(t.T)
        case "grad": return t.grad.map { .tensor($0) } ?? Value.none
        case "requires_grad": return .bool(t.requiresGrad)
        case "is_leaf": return .bool(t.isLeaf)
        case "data": return .tensor(t.detach())
        default: return nil
        }
    }

    static func setProperty(_ t: Tensor, _ name: String, _ value: Value) throws {
        switch name {
        case "requires_grad": try t.setRequiresGrad(try truthy(value))
        case "grad":
            if value.isNone { t.grad = nil } else { t.grad = try toTensor(value, name: "grad", dtype: t.dtype) }
        default:
            throw ScriptError.attribute(properties.contains(name) ? "attribute '\(name)' of 'Tensor' objects is not writable"
                                                                    : "'Tensor' object has no attribute '\(name)'")
        }
    }

    private static func axis(_ a: borrowing Arguments) throws -> Int? { try a.optionalInt("axis") }

    /// Nested lists of the tensor's values (ints for int64 tensors); the lists of a tensor with no
    /// elements, such as `zeros(2**40, 0)`, count against the memory limit too.
    static func toList(_ t: Tensor) throws -> Value {
        try Memory.check(t.shape.dropLast().reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 },
                         of: MemoryLayout<ListBox>.size + 64, for: "tolist")
        let values = t.scalars(), integers = t.exactIntegers()
        func element(_ i: Int) -> Value { integers.map { .int($0[i]) } ?? .float(values[i]) }
        if t.ndim == 0 { return element(0) }
        func build(_ offset: Int, _ dim: Int) -> Value {
            let stride = t.shape[(dim + 1)...].reduce(1, *)
            if dim == t.ndim - 1 { return .list(ListBox((0..<t.shape[dim]).map { element(offset + $0) })) }
            return .list(ListBox((0..<t.shape[dim]).map { build(offset + $0 * stride, dim + 1) }))
        }
        return build(0, 0)
    }

    /// The elementwise functions that are both built-ins (`exp(x)`) and methods (`x.exp()`).
    static let elementwise: [(name: String, doc: String, apply: @Sendable (Tensor) throws -> Tensor)] = [
        ("exp", "e to the power of each element.", { try $0.exp() }),
        ("log", "The natural logarithm of each element.", { try $0.log() }),
        ("sqrt", "The square root of each element.", { try $0.sqrt() }),
        ("relu", "max(x, 0) of each element.", { try $0.relu() }),
        ("sigmoid", "1 / (1 + exp(-x)) of each element.", { try $0.sigmoid() }),
        ("tanh", "The hyperbolic tangent of each element.", { try $0.tanh() }),
    ]

    private static func unaryMethod(_ name: String, _ doc: String, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, "", doc) { a in .tensor(try f(try receiver(a))) }
    }

    private static func reduction(_ name: String, _ doc: String, _ f: @escaping (Tensor, Int?, Bool) throws -> Tensor) -> Builtin {
        Builtin(name, "axis=None, keepdims=False", doc) { a in
            .tensor(try f(try receiver(a), try axis(a), try a.bool("keepdims")))
        }
    }

    static let table: [String: Builtin] = Dictionary(uniqueKeysWithValues: ([
        Builtin("item", "", "The value of a one-element tensor as a Python number.") { a in
            let t = try receiver(a)
            return t.dtype == .int64 ? .int(try t.intItem()) : .float(try t.item())
        },
        Builtin("tolist", "", "The values as (nested) lists.") { a in try toList(try receiver(a)) },
        Builtin("reshape", "*shape", "The same values in a new shape (-1 infers one dimension); a view when possible.") { a in
            .tensor(try receiver(a).reshape(try shape(a.varargs("shape"), "reshape")))
        },
        Builtin("view", "*shape", "Same as reshape.") { a in
            .tensor(try receiver(a).reshape(try shape(a.varargs("shape"), "view")))
        },
        Builtin("transpose", "dim0=-2, dim1=-1", "Swaps two axes (a view, no copy).") { a in
            .tensor(try receiver(a).transpose(try a.int("dim0"), try a.int("dim1")))
        },
        Builtin("permute", "*dims", "Reorders the axes (a view).") { a in
            .tensor(try receiver(a).permute(try shape(a.varargs("dims"), "permute")))
        },
        Builtin("flatten", "", "The values as one dimension.") { a in .tensor(try receiver(a).flatten()) },
        Builtin("squeeze", "axis=None", "Drops axes of size 1 (or only `axis`).") { a in .tensor(try receiver(a).squeeze(try axis(a))) },
        Builtin("unsqueeze", "axis", "Inserts an axis of size 1 at `axis`.") { a in .tensor(try receiver(a).unsqueeze(try a.int("axis"))) },
        reduction("sum", "The sum of all elements, or along `axis` (keeping it with keepdims=True).") { try $0.sum(axis: $1, keepdims: $2) },
        reduction("mean", "The mean of all elements, or along `axis`.") { try $0.mean(axis: $1, keepdims: $2) },
        reduction("max", "The largest element, or the largest along `axis`.") { try $0.max(axis: $1, keepdims: $2) },
        reduction("min", "The smallest element, or the smallest along `axis`.") { try $0.min(axis: $1, keepdims: $2) },
        reduction("argmax", "The position of the largest element (flat), or along `axis` (an int64 tensor).") { try $0.argmax(axis: $1, keepdims: $2) },
        unaryMethod("abs", "The absolute value of each element.") { try $0.abs() },
        unaryMethod("detach", "The same values, cut from the graph: no gradient flows through it.") { $0.detach() },
        unaryMethod("float", "A float32 copy (or the tensor itself if float32).") { try $0.cast(.float32) },
        unaryMethod("double", "A float64 copy (or the tensor itself if float64).") { try $0.cast(.float64) },
        unaryMethod("long", "An int64 copy (or the tensor itself if int64).") { try $0.cast(.int64) },
        unaryMethod("clone", "A copy with its own storage (gradients flow back through it).") { try $0.cast($0.dtype, copy: true) },
        Builtin("softmax", "axis=-1", "exp(x) / sum(exp(x)) along `axis`.") { a in .tensor(try receiver(a).softmax(axis: try a.int("axis"))) },
        Builtin("log_softmax", "axis=-1", "log(softmax(x)) along `axis`, computed stably.") { a in
            .tensor(try receiver(a).logSoftmax(axis: try a.int("axis")))
        },
        Builtin("clamp", "min=None, max=None", "Each element limited to [min, max].") { a in
            .tensor(try receiver(a).clamp(min: try a.optionalDouble("min"), max: try a.optionalDouble("max")))
        },
        Builtin("pow", "exponent", "Each element to the power `exponent`.") { a in
            try TensorOps.binary(.pow, .tensor(try receiver(a)), a["exponent"])
        },
        Builtin("matmul", "other", "Matrix product (batched over leading axes), same as @.") { a in
            .tensor(try receiver(a).matmul(try a.tensor("other")))
        },
        Builtin("backward", "grad=None, retain_graph=False",
                "Accumulates d(self)/d(leaf) into .grad of every leaf that requires gradients. self must be a scalar unless `grad` is given.") { a in
            let t = try receiver(a)
            let g = a.isNone("grad") ? nil : try toTensor(a["grad"], name: "backward() argument 'grad'", dtype: t.dtype)
            try t.backward(grad: g, retainGraph: try a.bool("retain_graph"))
            return .none
        },
        Builtin("zero_grad", "", "Clears .grad.") { a in try receiver(a).zeroGrad(); return .none },
        Builtin("requires_grad_", "requires_grad=True", "Marks this leaf as requiring gradients; returns it.") { a in
            let t = try receiver(a)
            try t.setRequiresGrad(try a.bool("requires_grad"))
            return .tensor(t)
        },
        Builtin("numel", "", "The number of elements.") { a in .int(try receiver(a).count) },
        Builtin("size", "axis=None", "The shape, or the length of one axis.") { a in
            let t = try receiver(a)
            guard let ax = try a.optionalInt("axis") else { return .tuple(t.shape.map { .int($0) }) }
            return .int(t.shape[try Access.position(.int(ax), count: t.ndim, what: "axis")])
        },
    ] + elementwise.map { e in unaryMethod(e.name, e.doc, e.apply) }).map { ($0.name, $0) })
}
