import Foundation
import Interruption

/// Truthiness as in Python; a tensor is true or false only when it has one element.
package func truthy(_ v: Value) throws -> Bool {
    switch v {
    case .none: return false
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .float(let d): return d != 0
    case .str(let s): return !s.isEmpty
    case .list(let l): return !l.items.isEmpty
    case .tuple(let t): return !t.isEmpty
    case .dict(let d): return d.count > 0
    case .range(let r): return !r.isEmpty
    case .tensor(let t):
        guard t.count == 1 else {
            throw ScriptError.value("the truth value of a tensor with \(t.count) elements is ambiguous; use .any() style reductions such as (x > 0).sum()")
        }
        return try t.item() != 0
    default: return true
    }
}

/// Binary operators, comparisons and equality on values; tensors apply their own (`TensorObject`).
package enum Operators {
    private static func unsupported(_ op: String, _ a: Value, _ b: Value) -> ScriptError {
        .type("unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// A number as a Double, for mixed int/float arithmetic.
    @inline(__always)
    package static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    @inline(__always)
    package static func integer(_ v: Value) -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    package static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        if case .tensor(let t) = a { return try t.applyBinary(op, a, b) }
        if case .tensor(let t) = b { return try t.applyBinary(op, a, b) }
        if let x = integer(a), let y = integer(b) { return try intBinary(op, x, y) }
        if let x = number(a), let y = number(b) { return try floatBinary(op, x, y) }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)):
            try Memory.check(x.utf8.count + y.utf8.count, of: 1, for: "str +")
            return .str(x + y)
        case (.add, .list(let x), .list(let y)):
            try Memory.check(x.items.count + y.items.count, of: MemoryLayout<Value>.stride, for: "list +")
            return .list(ListBox(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)):
            try Memory.check(x.count + y.count, of: MemoryLayout<Value>.stride, for: "tuple +")
            return .tuple(x + y)
        case (.mul, .str(let s), _), (.mul, _, .str(let s)):
            guard let n = integer(a) ?? integer(b) else { break }
            try checkLength(s.utf8.count, n, of: 1)
            return .str(String(repeating: s, count: max(0, n)))
        case (.mul, .list(let l), _), (.mul, _, .list(let l)):
            guard let n = integer(a) ?? integer(b) else { break }
            try checkLength(l.items.count, n, of: MemoryLayout<Value>.stride)
            return .list(ListBox(Array([[Value]](repeating: l.items, count: max(0, n)).joined())))
        case (.mul, .tuple(let t), _), (.mul, _, .tuple(let t)):
            guard let n = integer(a) ?? integer(b) else { break }
            try checkLength(t.count, n, of: MemoryLayout<Value>.stride)
            return .tuple(Array([[Value]](repeating: t, count: max(0, n)).joined()))
        case (.or, .dict(let x), .dict(let y)):
            let d = DictBox()
            for (k, v) in zip(x.keys, x.values) { try d.set(k, v) }
            for (k, v) in zip(y.keys, y.values) { try d.set(k, v) }
            return .dict(d)
        default: break
        }
        if case .object(let o) = a, let r = try (o as? OperandObject)?.binary(op, a, b) { return r }
        if case .object(let o) = b, let r = try (o as? OperandObject)?.binary(op, a, b) { return r }
        throw unsupported(op.rawValue, a, b)
    }

    /// `sequence * n`: `unit` items of `size` bytes, n times, checked before anything is made.
    private static func checkLength(_ unit: Int, _ n: Int, of size: Int) throws {
        guard n > 0 && unit > 0 else { return }
        let (count, overflow) = unit.multipliedReportingOverflow(by: n)
        try Memory.check(overflow ? .max : count, of: size, for: "a sequence of \(unit) × \(n) items")
    }

    static func intBinary(_ op: BinaryOp, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .float(Double(x) + Double(y)) : .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .float(Double(x) - Double(y)) : .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .float(Double(x) * Double(y)) : .int(r)
        case .div:
            guard y != 0 else { throw ScriptError.zeroDivision("division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDiv:
            guard y != 0 else { throw ScriptError.zeroDivision("integer division or modulo by zero") }
            if x == Int.min && y == -1 { return .float(-Double(x)) }
            let q = x / y
            return .int((x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q)
        case .mod:
            guard y != 0 else { throw ScriptError.zeroDivision("integer division or modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && ((r < 0) != (y < 0)) ? r + y : r)
        case .pow:
            if y < 0 {
                guard x != 0 else { throw ScriptError.zeroDivision("0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { return .float(Foundation.pow(Double(x), Double(y))) }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { return .float(Foundation.pow(Double(x), Double(y))) }
                    base = b2
                }
            }
            return .int(result)
        case .matmul: throw ScriptError.type("unsupported operand type(s) for @: 'int' and 'int'")
        case .and: return .int(x & y)
        case .or: return .int(x | y)
        case .xor: return .int(x ^ y)
        case .lshift:
            guard y >= 0 else { throw ScriptError.value("negative shift count") }
            // Bits shifted out are an overflow: the result becomes a float, as for `*`.
            if x == 0 { return .int(0) }
            if y < 64, (x << y) >> y == x { return .int(x << y) }
            return .float(Double(x) * Foundation.pow(2, Double(y)))
        case .rshift:
            guard y >= 0 else { throw ScriptError.value("negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        }
    }

    static func floatBinary(_ op: BinaryOp, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            guard y != 0 else { throw ScriptError.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDiv:
            guard y != 0 else { throw ScriptError.zeroDivision("float floor division by zero") }
            return .float((x / y).rounded(.down))
        case .mod:
            guard y != 0 else { throw ScriptError.zeroDivision("float modulo") }
            let r = fmod(x, y)
            return .float(r != 0 && ((r < 0) != (y < 0)) ? r + y : r)
        case .pow:
            if x == 0 && y < 0 { throw ScriptError.zeroDivision("0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw ScriptError.value("a negative number cannot be raised to a fractional power") }
            return .float(Foundation.pow(x, y))
        default: throw ScriptError.type("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    package static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.neg, .int(let i)): return i == Int.min ? .float(-Double(i)) : .int(-i)
        case (.neg, .float(let d)): return .float(-d)
        case (.neg, .bool(let b)): return .int(b ? -1 : 0)
        case (.pos, .int), (.pos, .float): return v
        case (.pos, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (.neg, .tensor(let t)), (.pos, .tensor(let t)): return try t.applyUnary(op)
        default: throw ScriptError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
        }
    }

    /// `==` between any two values (deep for containers).
    /// How deep `==`, `<` and hashing descend into nested containers before a RecursionError,
    /// as CPython's recursion limit stops them, instead of overflowing the stack.
    static let maxNesting = 10_000

    static func nestingError(_ what: String) -> ScriptError {
        ScriptError("RecursionError", "maximum recursion depth exceeded in \(what)")
    }

    static func equal(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
        if let x = integer(a), let y = integer(b) { return x == y }
        if let x = number(a), let y = number(b) { return x == y }
        guard depth < maxNesting else { throw nestingError("comparison") }
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.list(let x), .list(let y)):
            return try x === y || (x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { try equal($0, $1, depth: depth + 1) })
        case (.tuple(let x), .tuple(let y)): return try x.count == y.count && zip(x, y).allSatisfy { try equal($0, $1, depth: depth + 1) }
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let w = try? y.get(k), try equal(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.range(let x), .range(let y)): return x.start == y.start && x.stop == y.stop && x.step == y.step
        default: return identical(a, b)
        }
    }

    /// `is`: the same object (or the same scalar).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.str(let x), .str(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.object(let x), .object(let y)):
            if let t = x as? TypeObject, let u = y as? TypeObject { return t.name == u.name }
            return x === y
        case (.object(let x as TypeObject), .builtin(let y)), (.builtin(let y), .object(let x as TypeObject)):
            return x.name == y.name
        default: return false
        }
    }

    /// `<` for ordering: numbers, strings, lists and tuples (lexicographic).
    package static func less(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
        if let x = integer(a), let y = integer(b) { return x < y }
        if let x = number(a), let y = number(b) { return x < y }
        guard depth < maxNesting else { throw nestingError("comparison") }
        switch (a, b) {
        case (.str(let x), .str(let y)): return x < y
        case (.list(let x), .list(let y)): return try lexicographicLess(x.items, y.items, depth: depth + 1)
        case (.tuple(let x), .tuple(let y)): return try lexicographicLess(x, y, depth: depth + 1)
        case (.tensor(let t), _) where t.count == 1: return try less(.float(t.item()), b)
        case (_, .tensor(let t)) where t.count == 1: return try less(a, .float(t.item()))
        default: throw ScriptError.type("'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    private static func lexicographicLess(_ x: [Value], _ y: [Value], depth: Int) throws -> Bool {
        for (p, q) in zip(x, y) where try !equal(p, q, depth: depth) { return try less(p, q, depth: depth) }
        return x.count < y.count
    }

    package static func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value {
        if case .tensor(let t) = a, op != .is, op != .isNot, op != .in, op != .notIn { return try t.applyComparison(op, a, b) }
        if case .tensor(let t) = b, op != .is, op != .isNot, op != .in, op != .notIn { return try t.applyComparison(op, a, b) }
        switch op {
        case .eq: return .bool(try equal(a, b))
        case .ne: return .bool(try !equal(a, b))
        case .lt: return .bool(try less(a, b))
        case .gt: return .bool(try less(b, a))
        case .le:
            if let x = number(a), let y = number(b) { return .bool(x <= y) }
            return .bool(try !less(b, a))
        case .ge:
            if let x = number(a), let y = number(b) { return .bool(x >= y) }
            return .bool(try !less(a, b))
        case .is: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(try !contains(b, a))
        }
    }

    /// `item in container`.
    static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l): return try l.items.contains { try equal($0, item) }
        case .tuple(let t): return try t.contains { try equal($0, item) }
        case .dict(let d): return try d.contains(item)
        case .str(let s):
            guard case .str(let sub) = item else { throw ScriptError.type("'in <string>' requires string as left operand, not \(item.typeName)") }
            return sub.isEmpty || s.contains(sub)
        case .range(let r):
            guard let i = integer(item) else { return false }
            return r.contains(i)
        default:
            throw ScriptError.type("argument of type '\(container.typeName)' is not iterable")
        }
    }
}

/// A library value with its own arithmetic (e.g. figures combined with `+`).
protocol OperandObject: LibraryObject {
    func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value?
}

/// What `type(x)` returns: prints as `<class 'int'>` and compares equal to the built-in of that name.
package final class TypeObject: LibraryObject {
    package let name: String
    package init(_ name: String) { self.name = name }
    package var typeName: String { "type" }
    package var attributeNames: [String] { ["__name__"] }
    package func attribute(_ n: String) throws -> Value? { n == "__name__" ? .str(name) : nil }
    package var repr: String { "<class '\(name)'>" }
}
