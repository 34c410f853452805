/// The specialisations the compiler may choose, each kept because a benchmark shows it pays
/// (Benchmarks/language/RESULTS.md). Without them every expression compiles to its generic node
/// and runs alike; the differential test runs every golden program both ways.
public struct Specializations: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `n - 1`, `i + 1` with `n` a plain local: read in place like a leaf.
    public static let localPlusInt = Specializations(rawValue: 1)
    /// `x < 2`, `i % 3 != 0`: a test against an int constant decided without making a `bool`.
    public static let intCompare = Specializations(rawValue: 2)
    /// `f(a)`, `f(a, b)` with `f` a global user function: entered without a retain.
    public static let globalCall = Specializations(rawValue: 4)
    /// A function body made only of `if`s and `return`s: one expression, no statements.
    public static let returnOnlyBodies = Specializations(rawValue: 8)

    /// `p -= lr * p.grad` on a tensor: one pass, no temporary for the product.
    public static let scaledUpdate = Specializations(rawValue: 16)

    public static let all: Specializations = [.localPlusInt, .intCompare, .globalCall, .returnOnlyBodies, .scaledUpdate]
}

extension Session {
    /// The specialisations cells compiled from now on use (all by default).
    public var specializations: Specializations {
        get { interpreter.specializations }
        set { interpreter.specializations = newValue }
    }
}

/// The specialisation pass: the one place that picks a node other than the generic one.
extension Compiler {
    /// The specialised node for `e`, or nil when the generic one is used.
    func specialized(_ e: Expr) throws -> CompiledExpr? {
        switch e.kind {
        case .binary(let op, let a, let b) where specializations.contains(.localPlusInt):
            guard op == .add || op == .sub, case .name(let n, let id) = a.kind, case .slot(let slot) = place(n, id),
                  case .int(let k) = b.kind, let offset = op == .add ? k : (k == .min ? nil : -k) else { return nil }
            return LocalPlusInt(slot: slot, offset: offset,
                                generic: Arithmetic(op, try expression(a), try expression(b), at: location(e.span)))
        case .compare(let first, let rest) where specializations.contains(.intCompare):
            guard rest.count == 1, case .int(let k) = rest[0].1.kind, Comparison.compare(0, rest[0].0, 0) != nil else { return nil }
            return IntCompare(try expression(first), rest[0].0, k, at: location(e.span))
        case .call(let callee, let args) where specializations.contains(.globalCall):
            guard args.count == 1 || args.count == 2, Compiler.allPositional(args), case .name(let n, let id) = callee.kind,
                  case .global(let g) = place(n, id) else { return nil }
            let arguments = try args.map { try expression($0.value) }
            let generic = Call(ip: ip, at: location(e.span), callee: try expression(callee), method: nil, arguments: arguments, kinds: nil)
            return GlobalCall(global: g, arguments: arguments, generic: generic)
        default:
            return nil
        }
    }

    /// The product `a * b` of `name op= a * b`, for `scaledUpdate`, when `op` is `+=` or `-=`.
    func scaledProduct(_ op: BinaryOp, _ value: Expr) throws -> Arithmetic? {
        guard specializations.contains(.scaledUpdate), op == .add || op == .sub,
              case .binary(.mul, let a, let b) = value.kind else { return nil }
        return Arithmetic(.mul, try expression(a), try expression(b), at: location(value.span))
    }

    /// `name op= a * b`: a tensor takes the product and the update in one pass
    /// (`TensorObject.updateInPlaceScaled`) where that is exactly the two steps; everything else
    /// takes them one after the other, as the generic statement does.
    func scaledUpdate(_ load: CompiledExpr, _ assign: @escaping CompiledStore, _ op: BinaryOp, _ product: Arithmetic,
                      _ at: SourceLocation) -> CompiledStmt {
        { f in
            let current = try load.read(&f)
            let a = try product.l.read(&f), b = try product.r.read(&f)
            if case .tensor(let t) = current {
                let done: Bool
                do { done = try t.updateInPlaceScaled(op, a, b) } catch { throw at.locate(error) }
                if done {
                    try assign(&f, current)
                    return .normal
                }
            }
            try Compiler.update(&f, assign, op, current, try product.apply(a, b), at)
            return .normal
        }
    }

    /// A body made only of `if`s whose branches end in `return`, and a last `return` (after a
    /// docstring, if any), as one expression (`a if c else b`): no statement results to pass up
    /// and no return value to keep. Nil for any other body.
    func returnOnlyBody(_ body: [Stmt]) throws -> CompiledExpr? {
        guard specializations.contains(.returnOnlyBodies) else { return nil }
        var statements = body[...]
        if case .expr(let e, _)? = statements.first?.kind, case .string = e.kind { statements = statements.dropFirst() }
        return Compiler.onlyReturns(statements) ? try returnExpression(statements) : nil
    }

    /// Whether the statements are one `return`, or an `if` whose branches are such and whose
    /// `else` (or, without one, the statements after it) is such.
    private static func onlyReturns(_ statements: ArraySlice<Stmt>) -> Bool {
        guard let first = statements.first else { return false }
        switch first.kind {
        case .return:
            return statements.count == 1
        case .if(let branches, let orElse):
            guard branches.allSatisfy({ onlyReturns($0.1[...]) }) else { return false }
            if orElse.isEmpty { return onlyReturns(statements.dropFirst()) }
            return statements.count == 1 && onlyReturns(orElse[...])
        default:
            return false
        }
    }

    /// The value of statements for which `onlyReturns` holds.
    private func returnExpression(_ statements: ArraySlice<Stmt>) throws -> CompiledExpr {
        guard let first = statements.first else { return Constant(.none) }
        switch first.kind {
        case .return(let value):
            guard let value else { return Constant(.none) }
            return try expression(value)
        case .if(let branches, let orElse):
            return try branchChain(branches[...], orElse.isEmpty ? statements.dropFirst() : orElse[...], first.span)
        default:
            throw syntaxError("internal: not a return", first.span)
        }
    }

    private func branchChain(_ branches: ArraySlice<(Expr, [Stmt])>, _ otherwise: ArraySlice<Stmt>, _ span: Span) throws -> CompiledExpr {
        guard let (cond, body) = branches.first else { return try returnExpression(otherwise) }
        let test = try expression(cond)
        let then = try returnExpression(body[...])
        let orElse = branches.count == 1 ? try returnExpression(otherwise)
                                         : try branchChain(branches.dropFirst(), otherwise, span)
        return Branch(test: test, truthAt: location(span), then: then, orElse: orElse)
    }
}

/// `local ± int`: a leaf that `read` and `int` decide in place; `generic` when the local is not
/// an int or the sum overflows.
final class LocalPlusInt: CompiledExpr {
    let generic: Arithmetic

    init(slot: Int, offset: Int, generic: Arithmetic) {
        self.generic = generic
        super.init(kind: .localPlusInt, index: slot, offset: offset)
    }

    override func evaluate(_ f: inout Frame) throws -> Value { try generic.evaluate(&f) }
}

/// `x op k` for an int constant `k`: decided in place when `x` is an int; as a test, with no
/// `bool` made.
final class IntCompare: CompiledExpr {
    let x: CompiledExpr
    let op: CompareOp
    let k: Int
    let at: SourceLocation

    init(_ x: CompiledExpr, _ op: CompareOp, _ k: Int, at: SourceLocation) {
        self.x = x
        self.op = op
        self.k = k
        self.at = at
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        if let i = x.int(&f) { return .bool(decide(i)) }
        let v = try x.read(&f)
        if case .int(let i) = v { return .bool(decide(i)) }
        do { return try Operators.compare(op, v, .int(k)) } catch { throw at.locate(error) }
    }

    override func holds(_ f: inout Frame, _ truthAt: SourceLocation) throws -> Bool {
        if let i = x.int(&f) { return decide(i) }
        let v = try x.read(&f)
        if case .int(let i) = v { return decide(i) }
        let result: Value
        do { result = try Operators.compare(op, v, .int(k)) } catch { throw at.locate(error) }
        if case .bool(let b) = result { return b }
        do { return try truthy(result) } catch { throw truthAt.locate(error) }
    }

    @inline(__always)
    private func decide(_ i: Int) -> Bool { Comparison.compare(i, op, k).unsafelyUnwrapped }
}

/// `f(a)` or `f(a, b)` with `f` a global name: when the global holds a user function of that
/// arity, it is entered unretained (see `Globals.functions`); otherwise the generic call runs.
final class GlobalCall: CompiledExpr {
    let ip: Interpreter
    let at: SourceLocation
    let global: Int
    let a0: CompiledExpr
    let a1: CompiledExpr
    let arity: Int
    let generic: Call

    init(global: Int, arguments: [CompiledExpr], generic: Call) {
        ip = generic.ip
        at = generic.at
        self.global = global
        a0 = arguments[0]
        a1 = arguments.count > 1 ? arguments[1] : arguments[0]
        arity = arguments.count
        self.generic = generic
        super.init()
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        if let known = ip.globals.directFunction(global, arity: arity) {
            if arity == 1 { return try ip.callDirect(known, at) { slots in slots[0] = try a0.read(&f) } }
            return try ip.callDirect(known, at) { slots in
                slots[0] = try a0.read(&f)
                slots[1] = try a1.read(&f)
            }
        }
        return try generic.evaluate(&f)
    }
}
