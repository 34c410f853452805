import Engine
import LanguageCore

/// Converts a value to a tensor: tensors as they are, numbers and (nested) lists of numbers
/// as new tensors (float32 unless `dtype` says otherwise). Integers reach an int64 tensor exactly;
/// a float too large for int64 is an OverflowError. `name` says what `v` is in an error message,
/// and is made only for one: a tensor passes through every step of a training loop.
func toTensor(_ v: Value, name: @autoclosure () -> String = "argument", dtype: DType? = nil) throws -> Tensor {
    switch v {
    case .tensor(let t as Tensor):
        if let dtype, dtype != t.dtype { return try t.cast(dtype) }
        return t
    case .int, .float, .bool:
        return try toTensor(.list(ListBox([v])), name: name(), dtype: dtype).reshape([])
    case .list, .tuple:
        let name = name()
        var shape: [Int] = []
        var scalars: [Double] = []
        var integers: [Int64]? = dtype == .int64 ? [] : nil
        var stacked: [Tensor]?
        func walk(_ v: Value, _ depth: Int) throws {
            switch v {
            case .list, .tuple:
                let items = try Access.sequence(v)
                if depth == shape.count { shape.append(items.count) } else if shape[depth] != items.count {
                    throw ScriptError.value("\(name): nested lists have uneven lengths (\(shape[depth]) and \(items.count)) at depth \(depth)")
                }
                for item in items { try walk(item, depth + 1) }
            default:
                guard depth == shape.count else {
                    throw ScriptError.value("\(name): nested lists mix numbers and lists at depth \(depth)")
                }
                guard let d = Operators.number(v) else {
                    guard case .tensor(let t as Tensor) = v, t.count == 1 else {
                        throw ScriptError.type("\(name): a tensor holds numbers, not \(v.typeName)")
                    }
                    scalars.append(try t.item())
                    if let i = t.exactIntegers() { integers?.append(Int64(i[0])) } else { integers = nil }
                    return
                }
                scalars.append(d)
                if let i = Operators.integer(v) { integers?.append(Int64(i)) } else { integers = nil }
            }
        }
        if let items = try? Access.sequence(v), !items.isEmpty, items.allSatisfy({ if case .tensor(let t as Tensor) = $0 { return t.count > 1 } else { return false } }) {
            stacked = items.map { if case .tensor(let t as Tensor) = $0 { return t } else { return Tensor(0) } }
            return try Tensor.stack(stacked!, axis: 0)
        }
        try walk(v, 0)
        if let integers { return try Tensor(shape: shape, integers: integers) }
        return try Tensor(shape: shape, scalars: scalars, dtype: dtype ?? .float32)
    default:
        throw ScriptError.type("\(name()) must be a tensor, a number or a list of numbers, not \(v.typeName)")
    }
}

/// Operators, indexing and in-place updates on tensors.
enum TensorOps {
    /// A scalar operand as a Double, or nil for a tensor-like operand.
    private static func scalar(_ v: Value) -> Double? { Operators.number(v) }

    /// A Python float with an int64 tensor computes in float32, as in PyTorch (`tensor([1]) + 2.0`
    /// is `tensor([3.])`), so that 1e30 or inf never lands in an integer.
    private static func promoted(_ t: Tensor, by scalar: Value) throws -> Tensor {
        if case .float = scalar, t.dtype == .int64 { return try t.cast(.float32) }
        return t
    }

    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.tensor(let t as Tensor), _):
            if let s = scalar(b) {
                let x = try promoted(t, by: b)
                switch op {
                case .add: return .tensor(try x + s)
                case .sub: return .tensor(try x - s)
                case .mul: return .tensor(try x * s)
                case .div: return .tensor(try x / s)
                case .floorDiv: return .tensor(try x.floorDivide(s))
                case .mod: return .tensor(try x.remainder(s))
                case .pow: return .tensor(try x.pow(s))
                default: break
                }
            }
            let y = try toTensor(b, name: "right operand of \(op.rawValue)", dtype: nil)
            return .tensor(try tensorBinary(op, t, y))
        case (_, .tensor(let t as Tensor)):
            if let s = scalar(a) {
                let y = try promoted(t, by: a)
                switch op {
                case .add: return .tensor(try s + y)
                case .sub: return .tensor(try s - y)
                case .mul: return .tensor(try s * y)
                case .div: return .tensor(try s / y)
                case .floorDiv: return .tensor(try y.rfloorDivide(s))
                case .mod: return .tensor(try y.rremainder(s))
                case .pow: return .tensor(try y.rpow(s))
                default: break
                }
            }
            let x = try toTensor(a, name: "left operand of \(op.rawValue)")
            return .tensor(try tensorBinary(op, x, t))
        default:
            return try Operators.binary(op, a, b)
        }
    }

    private static func tensorBinary(_ op: BinaryOp, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch op {
        case .add: return try x + y
        case .sub: return try x - y
        case .mul: return try x * y
        case .div: return try x / y
        case .floorDiv: return try x.floorDivide(y)
        case .mod: return try x.remainder(y)
        case .pow: return try x.pow(y)
        case .matmul: return try x.matmul(y)
        default:
            throw ScriptError.type("unsupported operand type(s) for \(op.rawValue): 'Tensor' and 'Tensor'")
        }
    }

    static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        guard case .tensor(let t as Tensor) = v else { return try Operators.unary(op, v) }
        switch op {
        case .neg: return .tensor(try t.neg())
        case .pos: return v
        case .invert: throw ScriptError.type("bad operand type for unary ~: 'Tensor'")
        }
    }

    /// Elementwise comparisons give 0/1 tensors; `==` against a non-number is False.
    static func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value {
        var x: Tensor, y: Tensor
        var o = op
        switch (a, b) {
        case (.tensor(let t as Tensor), _):
            x = t
            guard Operators.number(b) != nil || isTensorLike(b) else {
                if op == .eq { return .bool(false) }
                if op == .ne { return .bool(true) }
                throw ScriptError.type("'\(op.rawValue)' not supported between 'Tensor' and '\(b.typeName)'")
            }
            y = try toTensor(b, dtype: t.dtype)
        case (_, .tensor(let t as Tensor)):
            guard Operators.number(a) != nil || isTensorLike(a) else {
                if op == .eq { return .bool(false) }
                if op == .ne { return .bool(true) }
                throw ScriptError.type("'\(op.rawValue)' not supported between '\(a.typeName)' and 'Tensor'")
            }
            x = t
            y = try toTensor(a, dtype: t.dtype)
            switch op {
            case .lt: o = .gt
            case .gt: o = .lt
            case .le: o = .ge
            case .ge: o = .le
            default: break
            }
        default:
            return try Operators.compare(op, a, b)
        }
        switch o {
        case .eq: return .tensor(try x.eq(y))
        case .ne: return .tensor(try x.ne(y))
        case .lt: return .tensor(try x.lt(y))
        case .le: return .tensor(try x.le(y))
        case .gt: return .tensor(try x.gt(y))
        case .ge: return .tensor(try x.ge(y))
        default: return try Operators.compare(op, a, b)
        }
    }

    private static func isTensorLike(_ v: Value) -> Bool {
        switch v {
        case .tensor, .list, .tuple: return true
        default: return false
        }
    }

    static func indexItems(_ sub: Subscript) throws -> [TensorIndex] {
        func item(_ v: Value) throws -> TensorIndex {
            switch v {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .none: return .newAxis
            case .tensor(let t as Tensor): return .tensor(t)
            case .list, .tuple: return .tensor(try toTensor(v, name: "index", dtype: .int64))
            default: throw ScriptError.index("tensor indices must be integers, slices, None, ... or tensors, not \(v.typeName)")
            }
        }
        switch sub {
        case .single(let v): return [try item(v)]
        case .items(let items):
            return try items.map {
                switch $0 {
                case .value(let v): return try item(v)
                case .slice(nil, nil, nil): return .all
                case .slice(let a, let b, let c): return .slice(start: a, stop: b, step: c)
                case .ellipsis: return .ellipsis
                }
            }
        }
    }

    static func index(_ t: Tensor, _ sub: Subscript) throws -> Tensor {
        try t.index(indexItems(sub))
    }

    static func setIndex(_ t: Tensor, _ sub: Subscript, _ value: Value) throws {
        try t.setIndex(indexItems(sub), to: toTensor(value, name: "assigned value", dtype: t.dtype))
    }

    /// `t op= v` in place, keeping the tensor's identity (parameters stay parameters).
    static func inPlace(_ op: BinaryOp, _ t: Tensor, _ v: Value) throws {
        let s = Operators.number(v)
        switch op {
        case .add: try t.addScaled_(toTensor(v, name: "right operand of +=", dtype: t.dtype), alpha: 1)
        case .sub: try t.addScaled_(toTensor(v, name: "right operand of -=", dtype: t.dtype), alpha: -1)
        case .mul where s != nil: try t.scale_(s!)
        case .div where s != nil:
            guard s! != 0 || t.dtype != .int64 else { throw ScriptError.zeroDivision("division by zero") }
            try t.scale_(1 / s!)
        default:
            guard case .tensor(let r as Tensor) = try binary(op, .tensor(t), v) else { return }
            try t.copy_(r)
        }
    }
}
