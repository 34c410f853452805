/// An operand that the operator, call or statement using it reads in place: a plain local, a
/// global or a constant costs no closure call. Reads of this kind are most of what arithmetic
/// and calls do, so this halves the closure calls of `fib(n - 1) + fib(n - 2)`.
///
/// A class with a plain `kind` rather than an enum with payloads: switching over an enum kept in
/// a closure's context copies the payload (a retain and a release per read), and a closure that
/// captures a large struct gets it copied by its thunk on every call; a class is one pointer
/// whose fields are read in place.
final class Operand {
    enum Kind {
        /// A local in frame slot `index`.
        case local
        /// The local in frame slot `index` plus the int `offset` (`n - 1`, `i + 1`).
        case localPlusInt
        /// The global with index `index`.
        case global
        case constant
        /// A `Node`, evaluated by a method call.
        case node
        case expr
    }

    let kind: Kind
    let index: Int
    let offset: Int
    let globals: Globals?
    let constant: Value
    /// `constant` when it is an int.
    let constantInt: Int?
    /// The node, unmanaged so that evaluating it costs no retain; `owner` keeps it alive.
    let node: Unmanaged<Node>?
    private let owner: Node?
    /// The expression itself; for a name, the load that raises the error when it is unbound.
    let expr: CompiledExpr

    init(_ kind: Kind, index: Int = 0, offset: Int = 0, globals: Globals? = nil, constant: Value = .none,
         node: Node? = nil, expr: @escaping CompiledExpr) {
        self.kind = kind
        self.index = index
        self.offset = offset
        self.globals = globals
        self.constant = constant
        if case .int(let i) = constant { constantInt = i } else { constantInt = nil }
        self.node = node.map { .passUnretained($0) }
        owner = node
        self.expr = expr
    }

    static func constant(_ v: Value) -> Operand { Operand(.constant, constant: v, expr: { _ in v }) }

    convenience init(_ node: Node) {
        self.init(.node, node: node) { f in try node.evaluate(&f) }
    }

    /// The operand's value when it is an int read without effects (a local, a global or a
    /// constant), without copying a `Value`; nil otherwise, and then `read` gives the value.
    @inline(__always)
    func int(_ f: inout Frame) -> Int? {
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
        case .node, .expr:
            break
        }
        return nil
    }

    /// Both operands as ints (see `int`), or nil.
    @inline(__always)
    static func ints(_ l: Operand, _ r: Operand, _ f: inout Frame) -> (Int, Int)? {
        guard let x = l.int(&f), let y = r.int(&f) else { return nil }
        return (x, y)
    }

    @inline(__always)
    func read(_ f: inout Frame) throws -> Value {
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
        case .node:
            if let node { return try node._withUnsafeGuaranteedRef { try $0.evaluate(&f) } }
        case .expr:
            break
        }
        return try expr(&f)
    }
}

extension Compiler {
    /// The operand form of an expression: names and literals are read in place, anything else
    /// is compiled to a closure.
    func operand(_ e: Expr) throws -> Operand {
        switch e.kind {
        case .int(let i): return .constant(.int(i))
        case .float(let d): return .constant(.float(d))
        case .string(let s): return .constant(.str(s))
        case .bool(let b): return .constant(.bool(b))
        case .none: return .constant(.none)
        case .binary(let op, let a, let b):
            if op == .add || op == .sub, case .name(let n, let id) = a.kind, case .local(let v) = binding(n, id), !v.captured,
               case .int(let k) = b.kind, let offset = op == .add ? k : (k == .min ? nil : -k) {
                return Operand(.localPlusInt, index: v.slot, offset: offset, expr: try expression(e))
            }
            return Operand(Arithmetic(op, try operand(a), try operand(b), at: errorSite(e.span)))
        case .call(let callee, let args):
            guard let site = try positionalCall(callee, args, e.span) else { break }
            return Operand(site)
        case .name(let n, let id):
            let load = self.load(n, id, e.span)
            switch binding(n, id) {
            case .global(let g): return Operand(.global, index: g, globals: ip.globals, expr: load)
            case .local(let v) where !v.captured: return Operand(.local, index: v.slot, expr: load)
            default: return Operand(.expr, expr: load)
            }
        default:
            break
        }
        return Operand(.expr, expr: try expression(e))
    }
}
