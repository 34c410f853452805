/// A local variable of a function (or a cell's comprehension variable). Captured variables
/// live in a `ClosureCell` so inner functions share them; the others in a frame slot.
final class Variable {
    let name: String
    let slot: Int
    unowned let owner: Scope
    var captured = false
    var cell = -1

    init(name: String, slot: Int, owner: Scope) {
        self.name = name
        self.slot = slot
        self.owner = owner
    }
}

/// The names of one function body, lambda or cell.
final class Scope {
    let parent: Scope?
    let isModule: Bool
    var names: [String: Variable] = [:]
    var blocks: [[String: Variable]] = []
    var variables: [Variable] = []
    var free: [Variable] = []
    var ownCells = 0

    init(parent: Scope?, isModule: Bool) {
        self.parent = parent
        self.isModule = isModule
    }

    func declare(_ name: String) -> Variable {
        let v = Variable(name: name, slot: variables.count, owner: self)
        variables.append(v)
        return v
    }

    func findLocal(_ name: String) -> Variable? {
        for block in blocks.reversed() { if let v = block[name] { return v } }
        return isModule ? nil : names[name]
    }

    func freeIndex(_ v: Variable) -> Int {
        if let i = free.firstIndex(where: { $0 === v }) { return i }
        free.append(v)
        return free.count - 1
    }

    /// Gives captured variables their cell numbers; free variables follow them in `frame.cells`.
    func finalize() {
        var n = 0
        for v in variables where v.captured {
            v.cell = n
            n += 1
        }
        ownCells = n
    }
}

/// Where a name lives.
enum Binding {
    case global(Int)
    case local(Variable)
    /// Index into the function's free variables (after its own cells in `frame.cells`).
    case free(Int)
}

/// Binds every name of a cell to a global index, a local slot or a closure cell, before any
/// code runs: the compiled code never looks a name up by string. Results go in side tables
/// keyed by node id, the tree is not changed.
struct Resolver {
    private(set) var bindings: [Int: Binding] = [:]
    private(set) var scopes: [Int: Scope] = [:]
    private(set) var allScopes: [Scope] = []
    let module: Scope
    private var scope: Scope
    private let globals: Globals

    init(globals: Globals) {
        self.globals = globals
        module = Scope(parent: nil, isModule: true)
        scope = module
        allScopes = [module]
    }

    mutating func resolve(_ body: [Stmt]) {
        statements(body)
        for s in allScopes { s.finalize() }
    }

    private mutating func bind(_ id: Int, _ name: String) {
        if let v = scope.findLocal(name) {
            bindings[id] = .local(v)
            return
        }
        var chain = [scope]
        var outer = scope.parent
        while let p = outer {
            if let v = p.findLocal(name) {
                v.captured = true
                for s in chain.reversed() { _ = s.freeIndex(v) }
                bindings[id] = .free(scope.freeIndex(v))
                return
            }
            chain.append(p)
            outer = p.parent
        }
        bindings[id] = .global(globals.index(name))
    }

    private mutating func statements(_ body: [Stmt]) {
        for s in body { statement(s) }
    }

    private mutating func statement(_ s: Stmt) {
        switch s.kind {
        case .expr(let e, _): expression(e)
        case .assign(let targets, let value):
            expression(value)
            for t in targets { expression(t) }
        case .augAssign(let target, _, let value):
            expression(value)
            expression(target)
        case .if(let branches, let orElse):
            for (c, b) in branches { expression(c); statements(b) }
            statements(orElse)
        case .while(let c, let b):
            expression(c)
            statements(b)
        case .for(let target, let iterable, let body):
            expression(iterable)
            expression(target)
            statements(body)
        case .break, .continue, .pass: break
        case .return(let e): if let e { expression(e) }
        case .def(let decl):
            function(decl)
        case .assert(let c, let m):
            expression(c)
            if let m { expression(m) }
        case .del(let targets): for t in targets { expression(t) }
        case .with(let e, let body):
            expression(e)
            statements(body)
        }
    }

    private mutating func function(_ decl: FunctionDecl) {
        for p in decl.parameters { if let d = p.defaultValue { expression(d) } }
        let inner = Scope(parent: scope, isModule: false)
        allScopes.append(inner)
        scopes[decl.id] = inner
        for p in decl.parameters { inner.names[p.name] = inner.declare(p.name) }
        var bound: [String] = []
        Resolver.collectBindings(decl.body, into: &bound)
        for name in bound where inner.names[name] == nil { inner.names[name] = inner.declare(name) }
        let saved = scope
        scope = inner
        statements(decl.body)
        scope = saved
    }

    /// Names a function body binds (assignment, loop, def, del targets), not looking into
    /// nested functions or comprehensions: these make a name local, as in Python.
    static func collectBindings(_ body: [Stmt], into names: inout [String]) {
        func target(_ e: Expr) {
            switch e.kind {
            case .name(let n, _): if !names.contains(n) { names.append(n) }
            case .tuple(let items), .list(let items): items.forEach(target)
            case .starred(let inner): target(inner)
            default: break
            }
        }
        for s in body {
            switch s.kind {
            case .assign(let targets, _): targets.forEach(target)
            case .augAssign(let t, _, _): target(t)
            case .for(let t, _, let b): target(t); collectBindings(b, into: &names)
            case .def(let d): if !names.contains(d.name) { names.append(d.name) }
            case .del(let targets): targets.forEach(target)
            case .if(let branches, let orElse):
                for (_, b) in branches { collectBindings(b, into: &names) }
                collectBindings(orElse, into: &names)
            case .while(_, let b), .with(_, let b): collectBindings(b, into: &names)
            default: break
            }
        }
    }

    private mutating func expression(_ e: Expr) {
        switch e.kind {
        case .name(let n, let id): bind(id, n)
        case .int, .float, .string, .bool, .none, .ellipsis: break
        case .fstring(let parts): fstring(parts)
        case .list(let items), .tuple(let items): items.forEach { expression($0) }
        case .dict(let pairs): for (k, v) in pairs { expression(k); expression(v) }
        case .starred(let inner), .unary(_, let inner), .not(let inner): expression(inner)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            expression(a)
            expression(b)
        case .compare(let first, let rest):
            expression(first)
            for (_, r) in rest { expression(r) }
        case .call(let f, let args):
            expression(f)
            for a in args { expression(a.value) }
        case .index(let a, let i):
            expression(a)
            expression(i)
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { expression(x) } }
        case .attribute(let a, _): expression(a)
        case .conditional(let t, let a, let b):
            expression(t)
            expression(a)
            expression(b)
        case .lambda(let decl): function(decl)
        case .comprehension(let c): comprehension(c)
        }
    }

    private mutating func fstring(_ parts: [FStringPart]) {
        for part in parts {
            if case .value(let e, _, let spec) = part {
                expression(e)
                fstring(spec)
            }
        }
    }

    /// The first iterable is evaluated outside; loop names are new variables of the
    /// comprehension, invisible after it.
    private mutating func comprehension(_ c: Comprehension) {
        scope.blocks.append([:])
        var first = true
        for clause in c.clauses {
            switch clause {
            case .for(let target, let iterable):
                if first {
                    let block = scope.blocks.removeLast()
                    expression(iterable)
                    scope.blocks.append(block)
                    first = false
                } else {
                    expression(iterable)
                }
                var names: [String] = []
                Resolver.collectBindings([Stmt(kind: .assign(targets: [target], value: target), span: target.span)], into: &names)
                for n in names { scope.blocks[scope.blocks.count - 1][n] = scope.declare(n) }
                expression(target)
            case .if(let cond):
                expression(cond)
            }
        }
        switch c.element {
        case .list(let e): expression(e)
        case .dict(let k, let v): expression(k); expression(v)
        }
        scope.blocks.removeLast()
    }
}
