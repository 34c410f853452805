
/// The one form every expression compiles to. A parent node reads a child with `read`: the
/// leaves (a plain local, a global, a constant, and the specialised `local ± int`) are read in
/// place from the node's own fields, with no call at all; any other node is entered through
/// `evaluate`, one method call with no closure context to unpack. `int` reads an int leaf
/// without making a `Value`, and `holds` decides a test.
///
/// A class with flat fields rather than an enum with payloads: switching over an enum kept in a
/// closure's context copies the payload (a retain and a release per read), and a closure that
/// captures a large struct gets it copied by its thunk on every call; a class is one pointer
/// whose fields are read in place. Which node an expression becomes is the compiler's generic
/// choice, or the specialisation pass's (`Specialization.swift`).
class CompiledExpr {
    enum Kind {
        /// The local in frame slot `index`.
        case local
        /// The local in frame slot `index` plus the int `offset` (`n - 1`): a specialisation.
        case localPlusInt
        /// The global with index `index`.
        case global
        case constant
        /// Anything else: `evaluate` gives the value.
        case other
    }

    final let kind: Kind
    final let index: Int
    final let offset: Int
    final let globals: Globals?
    final let constant: Value
    /// `constant` when it is an int.
    final let constantInt: Int?

    init(kind: Kind = .other, index: Int = 0, offset: Int = 0, globals: Globals? = nil, constant: Value = .none) {
        self.kind = kind
        self.index = index
        self.offset = offset
        self.globals = globals
        self.constant = constant
        if case .int(let i) = constant { constantInt = i } else { constantInt = nil }
    }

    /// The value in frame `f`. For a leaf, what `read` cannot decide in place: an unbound
    /// name's error, or `local ± int` when it is not an int sum.
    func evaluate(_ f: inout Frame) throws -> Value {
        throw ScriptError("SystemError", "internal: \(type(of: self)) cannot be evaluated")
    }

    /// The value in frame `f`: leaves in place, other nodes by `evaluate`.
    @inline(__always)
    final func read(_ f: inout Frame) throws -> Value {
        switch kind {
        case .local:
            if let v = f.slots[index] { return v }
        case .localPlusInt:
            if case .int(let x)? = f.slots[index] {
                let (sum, overflow) = x.addingReportingOverflow(offset)
                if !overflow { return .int(sum) }
            }
        case .global:
            if let v = globals.unsafelyUnwrapped.values[index] { return v }
        case .constant:
            return constant
        case .other:
            break
        }
        return try evaluate(&f)
    }

    /// The value when it is an int read without effects (a leaf), without copying a `Value`;
    /// nil otherwise, and then `read` gives the value.
    @inline(__always)
    final func int(_ f: inout Frame) -> Int? {
        switch kind {
        case .local:
            if case .int(let x)? = f.slots[index] { return x }
        case .localPlusInt:
            if case .int(let x)? = f.slots[index] {
                let (sum, overflow) = x.addingReportingOverflow(offset)
                if !overflow { return sum }
            }
        case .global:
            if case .int(let x)? = globals.unsafelyUnwrapped.values[index] { return x }
        case .constant:
            return constantInt
        case .other:
            break
        }
        return nil
    }

    /// Both as ints (see `int`), or nil.
    @inline(__always)
    static func ints(_ l: CompiledExpr, _ r: CompiledExpr, _ f: inout Frame) -> (Int, Int)? {
        guard let x = l.int(&f), let y = r.int(&f) else { return nil }
        return (x, y)
    }

    /// The truth of this value as the test of an `if`, `while`, conditional or comprehension
    /// `if`; a value without one raises at `truthAt` (the statement or expression tested).
    func holds(_ f: inout Frame, _ truthAt: SourceLocation) throws -> Bool {
        let v = try read(&f)
        if case .bool(let b) = v { return b }
        do { return try truthy(v) } catch { throw truthAt.locate(error) }
    }
}

/// A constant: read in place.
final class Constant: CompiledExpr {
    init(_ v: Value) { super.init(kind: .constant, constant: v) }
}

/// A local, global or free name; read in place when it is a plain local or a global that is
/// bound, otherwise `evaluate` reads the cell or raises the error.
final class NameRead: CompiledExpr {
    private let load: (inout Frame) throws -> Value

    init(kind: Kind, index: Int = 0, globals: Globals? = nil, load: @escaping (inout Frame) throws -> Value) {
        self.load = load
        super.init(kind: kind, index: index, globals: globals)
    }

    override func evaluate(_ f: inout Frame) throws -> Value { try load(&f) }
}

/// An expression of a kind no benchmark evaluates often (displays, subscripts, attributes,
/// f-strings, lambdas, comprehensions...): its node runs the closure compiled for it.
final class Evaluate: CompiledExpr {
    private let body: (inout Frame) throws -> Value

    init(_ body: @escaping (inout Frame) throws -> Value) {
        self.body = body
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value { try body(&f) }
}

/// `l op r`, with ints and floats computed in place and everything else left to `Operators`.
final class Arithmetic: CompiledExpr {
    let op: BinaryOp
    let l: CompiledExpr
    let r: CompiledExpr
    let at: SourceLocation

    init(_ op: BinaryOp, _ l: CompiledExpr, _ r: CompiledExpr, at: SourceLocation) {
        self.op = op
        self.l = l
        self.r = r
        self.at = at
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        if let (x, y) = CompiledExpr.ints(l, r, &f), let v = ints(x, y) { return v }
        return try apply(try l.read(&f), try r.read(&f))
    }

    /// `a op b` for operands already read.
    @inline(__always)
    func apply(_ a: Value, _ b: Value) throws -> Value {
        if case .int(let x) = a, case .int(let y) = b, let v = ints(x, y) { return v }
        if case .float(let x) = a, case .float(let y) = b {
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            default: break
            }
        }
        do { return try Operators.binary(op, a, b) } catch { throw at.locate(error) }
    }

    /// The result for two ints when it is an int computed here: no overflow, and `%` by a
    /// positive number (floored, as in Python).
    @inline(__always)
    private func ints(_ x: Int, _ y: Int) -> Value? {
        switch op {
        case .add:
            let (s, o) = x.addingReportingOverflow(y)
            return o ? nil : .int(s)
        case .sub:
            let (s, o) = x.subtractingReportingOverflow(y)
            return o ? nil : .int(s)
        case .mul:
            let (s, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : .int(s)
        case .mod:
            guard y > 0 else { return nil }
            let m = x % y
            return .int(m < 0 ? m + y : m)
        default:
            return nil
        }
    }
}

/// `a < b < c`: each operand evaluated once, stopping at the first false link; two ints are
/// compared in place.
final class Comparison: CompiledExpr {
    let first: CompiledExpr
    let links: [(op: CompareOp, operand: CompiledExpr)]
    let at: SourceLocation

    init(_ first: CompiledExpr, _ links: [(op: CompareOp, operand: CompiledExpr)], at: SourceLocation) {
        self.first = first
        self.links = links
        self.at = at
        super.init()
    }

    @inline(__always)
    static func compare(_ i: Int, _ op: CompareOp, _ k: Int) -> Bool? {
        switch op {
        case .lt: return i < k
        case .le: return i <= k
        case .gt: return i > k
        case .ge: return i >= k
        case .eq: return i == k
        case .ne: return i != k
        default: return nil
        }
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        var left = try first.read(&f)
        if links.count == 1 { return try compare(left, links[0].op, try links[0].operand.read(&f)) }
        var result = Value.bool(true)
        for (op, r) in links {
            let right = try r.read(&f)
            result = try compare(left, op, right)
            do { if !(try truthy(result)) { return result } } catch { throw at.locate(error) }
            left = right
        }
        return result
    }

    @inline(__always)
    private func compare(_ a: Value, _ op: CompareOp, _ b: Value) throws -> Value {
        if case .int(let x) = a, case .int(let y) = b, let r = Comparison.compare(x, op, y) { return .bool(r) }
        do { return try Operators.compare(op, a, b) } catch { throw at.locate(error) }
    }
}

/// `then if test else orElse`.
final class Branch: CompiledExpr {
    let test: CompiledExpr
    /// Where a test without a truth value points.
    let truthAt: SourceLocation
    let then: CompiledExpr
    let orElse: CompiledExpr

    init(test: CompiledExpr, truthAt: SourceLocation, then: CompiledExpr, orElse: CompiledExpr) {
        self.test = test
        self.truthAt = truthAt
        self.then = then
        self.orElse = orElse
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        try test.holds(&f, truthAt) ? try then.read(&f) : try orElse.read(&f)
    }
}

/// A call: `callee(arguments)`, or with `method`, `callee.method(arguments)` called without
/// making a bound method. A user function called with as many positional arguments as it
/// has parameters gets them written straight into its frame's slots.
final class Call: CompiledExpr {
    let ip: Interpreter
    let at: SourceLocation
    /// The callee, or the receiver of `method`.
    let callee: CompiledExpr
    let method: String?
    let arguments: [CompiledExpr]
    /// Each argument's kind and location; nil when all are positional.
    let kinds: [(kind: Argument.Kind, at: SourceLocation)]?
    /// The keyword arguments' names when no argument is starred (`*xs`, `**d`): the call then
    /// evaluates its arguments straight onto the stack, the positional ones first (the parser
    /// puts them there). Nil when an argument is starred.
    let keywordNames: [String]?

    init(ip: Interpreter, at: SourceLocation, callee: CompiledExpr, method: String?, arguments: [CompiledExpr],
         kinds: [(kind: Argument.Kind, at: SourceLocation)]?) {
        self.ip = ip
        self.at = at
        self.callee = callee
        self.method = method
        self.arguments = arguments
        self.kinds = kinds
        var names: [String]? = []
        for (kind, _) in kinds ?? [] {
            switch kind {
            case .positional: break
            case .keyword(let name): names?.append(name)
            case .star, .doubleStar: names = nil
            }
        }
        keywordNames = names
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        let target = try callee.read(&f)
        if method == nil, kinds == nil, case .function(let fn) = target, fn.directArity == arguments.count {
            return try withExtendedLifetime(fn) {
                try ip.callDirect(.passUnretained(fn), at) { slots in
                    for i in 0..<arguments.count { slots[i] = try arguments[i].read(&f) }
                }
            }
        }
        guard let keywordNames else {
            let (positional, keywords) = try argumentValues(&f)
            return try ip.passing(positional, keywords) { try call(target, $0) }
        }
        let n = arguments.count
        let values: UnsafeMutablePointer<Value?>
        do { values = try ip.stack.push(n) } catch { throw at.locate(error) }
        defer { ip.stack.pop(n) }
        for i in 0..<n { values[i] = try arguments[i].read(&f) }
        return try call(target, PassedArguments(values: values, count: n, keywords: keywordNames))
    }

    private func call(_ target: Value, _ passed: PassedArguments) throws -> Value {
        do {
            guard let method else { return try ip.call(target, passed) }
            if let m = Access.method(of: target, method) {
                return try m.call(ip, receiver: target, passed)
            }
            return try ip.call(try Access.attribute(target, method), passed)
        } catch { throw at.locate(error) }
    }

    /// The arguments left to right, expanding `*xs` and `**d`.
    private func argumentValues(_ f: inout Frame) throws -> ([Value], [(String, Value)]) {
        var positional: [Value] = []
        positional.reserveCapacity(arguments.count)
        guard let kinds else {
            for a in arguments { positional.append(try a.read(&f)) }
            return (positional, [])
        }
        var keywords: [(String, Value)] = []
        for (i, (kind, at)) in kinds.enumerated() {
            let v = try arguments[i].read(&f)
            switch kind {
            case .positional: positional.append(v)
            case .keyword(let name): keywords.append((name, v))
            case .star:
                do { positional += try Access.sequence(v) } catch { throw at.locate(error) }
            case .doubleStar:
                guard case .dict(let d) = v else {
                    throw at.locate(ScriptError.type("argument after ** must be a dict, not \(v.typeName)"))
                }
                for (k, value) in zip(d.keys, d.values) {
                    guard case .str(let name) = k else { throw at.locate(ScriptError.type("keywords must be strings")) }
                    keywords.append((name, value))
                }
            }
        }
        return (positional, keywords)
    }
}
