import Interruption

/// A compiled cell: run it in a frame of `slotCount` slots; it returns the value to show.
struct CompiledCell {
    let slotCount: Int
    let ownCells: Int
    let body: (inout Frame) throws -> Value?
}

typealias CompiledStmt = (inout Frame) throws -> Flow

/// Turns a resolved syntax tree into `CompiledExpr` nodes and statement closures. Every name is
/// already a global index, a frame slot or a cell, so running code never looks a name up by string.
final class Compiler {
    unowned let ip: Interpreter
    let source: SourceText
    let bindings: [Int: Binding]
    let scopes: [Int: Scope]
    var scope: Scope
    /// The code being compiled (its span is the function's); nodes locate errors at spans in it.
    var site: SourceLocation
    /// Fixed for a cell: the interpreter's setting when the cell was compiled.
    let specializations: Specializations
    var loopDepth = 0
    var functionDepth = 0

    init(ip: Interpreter, source: SourceText, resolver: Resolver) {
        self.ip = ip
        self.source = source
        bindings = resolver.bindings
        scopes = resolver.scopes
        scope = resolver.module
        site = SourceLocation(source: source, span: Span(0, 0), function: "<module>")
        specializations = ip.specializations
    }

    func syntaxError(_ message: String, _ span: Span) -> ScriptError {
        ScriptError("SyntaxError", message, at: span, in: source)
    }

    /// The cell: its statements, and the value of a last expression statement (unless it ends in `;`).
    func compileCell(_ body: [Stmt]) throws -> CompiledCell {
        var run: CompiledStmt = { _ in .normal }
        var last: CompiledExpr?
        var compiled: CompiledStmt?
        for (i, s) in body.enumerated() {
            let next: CompiledStmt
            if i == body.count - 1, case .expr(let e, let suppressed) = s.kind, !suppressed {
                last = try expression(e)
                break
            } else if case .expr(let e, _) = s.kind {
                let value = try expression(e)
                let ip = self.ip
                next = { f in
                    let v = try value.read(&f)
                    if case .object(let o) = v, o.showsWhereItStands { ip.emit(.display(o.mimeBundle, id: nil)) }
                    return .normal
                }
            } else {
                next = try statement(s)
            }
            compiled = compiled.map { sequence($0, next) } ?? next
        }
        if let compiled { run = compiled }
        let result = last
        return CompiledCell(slotCount: max(scope.variables.count, 1), ownCells: scope.ownCells) { f in
            _ = try run(&f)
            if result != nil, Interrupt.isRequested, Interrupt.take() { throw ScriptError.interrupted }
            return try result?.read(&f)
        }
    }

    /// A block as a chain of closures, compiled first to last. No closure is kept in an array:
    /// closures stored in arrays are called through reabstraction thunks, which cost measurably.
    func block(_ body: ArraySlice<Stmt>) throws -> CompiledStmt {
        guard let first = body.first else { return { _ in .normal } }
        let head = try statement(first)
        if body.count == 1 { return head }
        return sequence(head, try block(body.dropFirst()))
    }

    func block(_ body: [Stmt]) throws -> CompiledStmt { try block(body[...]) }

    /// Two statements in a row; a pending interrupt is raised between them, so one that arrived
    /// during a long op that does not look (or looked just before it came) ends the cell there.
    func sequence(_ head: @escaping CompiledStmt, _ tail: @escaping CompiledStmt) -> CompiledStmt {
        return { f in
            let flow = try head(&f)
            guard case .normal = flow else { return flow }
            if Interrupt.isRequested, Interrupt.take() { throw ScriptError.interrupted }
            return try tail(&f)
        }
    }

    // MARK: names

    static func nameError(_ name: String, localNames: [String], globals: Globals) -> ScriptError {
        var message = "name '\(name)' is not defined"
        if let close = closestName(name, localNames + globals.boundNames) { message += ". Did you mean '\(close)'?" }
        return ScriptError("NameError", message)
    }

    private func visibleLocals() -> [String] {
        var names: [String] = []
        var s: Scope? = scope
        while let current = s {
            names += current.variables.map(\.name)
            s = current.parent
        }
        return names
    }

    /// Where the name with this node id lives; names the resolver left alone are globals.
    func binding(_ name: String, _ id: Int) -> Binding {
        bindings[id] ?? .global(ip.globals.index(name))
    }

    /// Where a name's value is read and written once resolved: a global's index, a frame slot,
    /// or a closure cell (a captured local's own, or a free variable's after the own cells).
    enum Place {
        case global(Int)
        case slot(Int)
        case cell(Int)
    }

    func place(_ name: String, _ id: Int) -> Place {
        switch binding(name, id) {
        case .global(let g): .global(g)
        case .local(let v): v.captured ? .cell(v.cell) : .slot(v.slot)
        case .free(let i): .cell(scope.ownCells + i)
        }
    }

    func load(_ name: String, _ id: Int, _ span: Span) -> CompiledExpr {
        let at = location(span)
        /// Made when raised, so the closures capture only the name.
        func unbound(_ name: String) -> ScriptError {
            ScriptError("UnboundLocalError", "cannot access local variable '\(name)' where it is not associated with a value")
        }
        switch binding(name, id) {
        case .global(let g):
            let globals = ip.globals
            let locals = visibleLocals()
            return NameRead(kind: .global, index: g, globals: globals) { _ in
                if let v = globals.values[g] { return v }
                throw at.locate(Compiler.nameError(name, localNames: locals, globals: globals))
            }
        case .local(let v):
            if v.captured {
                let c = v.cell
                return NameRead(kind: .other) { f in
                    if let x = f.cell(c).value { return x }
                    throw at.locate(unbound(name))
                }
            }
            let s = v.slot
            return NameRead(kind: .local, index: s) { f in
                if let x = f.slots[s] { return x }
                throw at.locate(unbound(name))
            }
        case .free(let i):
            let c = scope.ownCells + i
            let message = ScriptError("NameError", "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope")
            return NameRead(kind: .other) { f in
                if let x = f.cell(c).value { return x }
                throw at.locate(message)
            }
        }
    }

    typealias CompiledStore = (inout Frame, Value) throws -> Void

    func storeName(_ name: String, _ id: Int) -> CompiledStore {
        switch place(name, id) {
        case .global(let g):
            let globals = ip.globals
            return { _, v in globals.store(g, v) }
        case .slot(let s):
            return { f, x in f.slots[s] = x }
        case .cell(let c):
            return { f, x in f.cell(c).value = x }
        }
    }

    /// The frame slot of a loop target that is a plain local name: loops over ranges write it
    /// in place instead of calling a store closure.
    func plainLocalSlot(_ target: Expr) -> Int? {
        guard case .name(let n, let id) = target.kind, case .slot(let s) = place(n, id) else { return nil }
        return s
    }

    func store(_ target: Expr) throws -> CompiledStore {
        let at = location(target.span)
        switch target.kind {
        case .name(let n, let id):
            return storeName(n, id)
        case .tuple(let items), .list(let items):
            let stores = try items.map(store)
            return { f, v in
                let values: [Value]
                do { values = try Access.unpack(v, count: stores.count) } catch { throw at.locate(error) }
                for i in 0..<stores.count { try stores[i](&f, values[i]) }
            }
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return { f, v in
                let target = try c.read(&f)
                let sub = try i(&f)
                do { try Access.setItem(target, sub, v) } catch { throw at.locate(error) }
            }
        case .attribute(let object, let name):
            let o = try expression(object)
            return { f, v in
                let target = try o.read(&f)
                do { try Access.setAttribute(target, name, v) } catch { throw at.locate(error) }
            }
        default:
            throw syntaxError("cannot assign to this expression", target.span)
        }
    }

    // MARK: expressions

    /// The node for `e`: the specialisation pass's choice, or else the generic node.
    func expression(_ e: Expr) throws -> CompiledExpr {
        if !specializations.isEmpty, let special = try specialized(e) { return special }
        let span = e.span, at = location(e.span)
        switch e.kind {
        case .name(let n, let id): return load(n, id, span)
        case .int(let i): return Constant(.int(i))
        case .float(let d): return Constant(.float(d))
        case .string(let s): return Constant(.str(s))
        case .bool(let b): return Constant(.bool(b))
        case .none: return Constant(.none)
        case .ellipsis: return Evaluate { _ in throw at.locate(ScriptError("SyntaxError", "'...' is only allowed inside tensor subscripts")) }
        case .fstring(let parts): return try fstring(parts)
        case .list(let items):
            let build = try sequence(items)
            return Evaluate { f in .list(ListBox(try build(&f))) }
        case .tuple(let items):
            let build = try sequence(items)
            return Evaluate { f in .tuple(try build(&f)) }
        case .dict(let pairs):
            let compiled = try pairs.map { (try expression($0.0), try expression($0.1)) }
            return Evaluate { f in
                let d = DictBox()
                for (k, v) in compiled {
                    let key = try k.read(&f), value = try v.read(&f)
                    do { try d.set(key, value) } catch { throw at.locate(error) }
                }
                return .dict(d)
            }
        case .starred:
            throw syntaxError("cannot use starred expression here", span)
        case .unary(let op, let operand):
            let x = try expression(operand)
            return Evaluate { f in
                let v = try x.read(&f)
                do { return try Operators.unary(op, v) } catch { throw at.locate(error) }
            }
        case .not(let operand):
            let x = try expression(operand)
            return Evaluate { f in .bool(!(try x.holds(&f, at))) }
        case .and(let a, let b):
            let x = try expression(a), y = try expression(b)
            return Evaluate { f in
                let v = try x.read(&f)
                let t: Bool
                do { t = try truthy(v) } catch { throw at.locate(error) }
                return t ? try y.read(&f) : v
            }
        case .or(let a, let b):
            let x = try expression(a), y = try expression(b)
            return Evaluate { f in
                let v = try x.read(&f)
                let t: Bool
                do { t = try truthy(v) } catch { throw at.locate(error) }
                return t ? v : try y.read(&f)
            }
        case .binary(let op, let a, let b):
            return Arithmetic(op, try expression(a), try expression(b), at: at)
        case .compare(let first, let rest):
            return Comparison(try expression(first), try rest.map { ($0.0, try expression($0.1)) }, at: at)
        case .call(let callee, let args):
            return try call(callee, args, span)
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return Evaluate { f in
                let v = try c.read(&f)
                let sub = try i(&f)
                do { return try Access.getItem(v, sub) } catch { throw at.locate(error) }
            }
        case .slice:
            throw syntaxError("a slice is only allowed inside a subscript", span)
        case .attribute(let object, let name):
            let o = try expression(object)
            return Evaluate { f in
                let v = try o.read(&f)
                do { return try Access.attribute(v, name) } catch { throw at.locate(error) }
            }
        case .conditional(let test, let then, let orElse):
            return Branch(test: try expression(test), truthAt: at, then: try expression(then), orElse: try expression(orElse))
        case .lambda(let decl):
            return try function(decl)
        case .comprehension(let c):
            return try comprehension(c, span)
        }
    }

    /// Items of a list or tuple display, expanding `*xs`.
    private func sequence(_ items: [Expr]) throws -> (inout Frame) throws -> [Value] {
        let compiled: [(CompiledExpr, Bool, SourceLocation)] = try items.map { item in
            if case .starred(let inner) = item.kind { return (try expression(inner), true, location(item.span)) }
            return (try expression(item), false, location(item.span))
        }
        if !compiled.contains(where: { $0.1 }) {
            let plain = compiled.map(\.0)
            return { f in
                var out: [Value] = []
                out.reserveCapacity(plain.count)
                for x in plain { out.append(try x.read(&f)) }
                return out
            }
        }
        return { f in
            var out: [Value] = []
            for (x, starred, at) in compiled {
                let v = try x.read(&f)
                if starred {
                    do { out += try Access.sequence(v) } catch { throw at.locate(error) }
                } else {
                    out.append(v)
                }
            }
            return out
        }
    }

    /// A subscript: one value, a slice, or a tuple of them (`x[:, 1:3]`, `x[..., None]`).
    func subscriptExpr(_ e: Expr) throws -> (inout Frame) throws -> Subscript {
        func item(_ e: Expr) throws -> (inout Frame) throws -> SubscriptItem {
            let at = location(e.span)
            switch e.kind {
            case .ellipsis: return { _ in .ellipsis }
            case .slice(let a, let b, let c):
                let parts = try [a, b, c].map { try $0.map(expression) }
                return { f in
                    var bounds: [Int?] = []
                    for (k, p) in parts.enumerated() {
                        guard let p else { bounds.append(nil); continue }
                        let v = try p.read(&f)
                        do { bounds.append(try Access.sliceBound(v, isStep: k == 2)) } catch { throw at.locate(error) }
                    }
                    return .slice(bounds[0], bounds[1], bounds[2])
                }
            default:
                let x = try expression(e)
                return { f in .value(try x.read(&f)) }
            }
        }
        if case .tuple(let items) = e.kind {
            let compiled = try items.map(item)
            return { f in
                var out: [SubscriptItem] = []
                for c in compiled { out.append(try c(&f)) }
                return .items(out)
            }
        }
        let single = try item(e)
        return { f in
            switch try single(&f) {
            case .value(let v): return .single(v)
            case let other: return .items([other])
            }
        }
    }

    private func fstring(_ parts: [FStringPart]) throws -> CompiledExpr {
        let compiled: [(inout Frame) throws -> String] = try parts.map { part in
            switch part {
            case .literal(let s): return { _ in s }
            case .value(let e, let conversion, let specParts):
                let x = try expression(e)
                let spec = specParts.isEmpty ? nil : try fstring(specParts)
                let at = location(e.span)
                return { f in
                    var v = try x.read(&f)
                    if conversion == "r" { v = .str(repr(v)) } else if conversion == "s" { v = .str(str(v)) }
                    var specText = ""
                    if let spec, case .str(let s) = try spec.read(&f) { specText = s }
                    do { return try Formatter.format(v, specText) } catch { throw at.locate(error) }
                }
            }
        }
        return Evaluate { f in
            var out = ""
            for c in compiled { out += try c(&f) }
            return .str(out)
        }
    }

    // MARK: functions

    /// A `def` or `lambda`: compiles the body once; running the definition makes a function
    /// value with evaluated defaults and the cells it closes over.
    func function(_ decl: FunctionDecl) throws -> CompiledExpr {
        guard let inner = scopes[decl.id] else { throw syntaxError("internal: unresolved function", decl.span) }
        let defaults: [CompiledExpr?] = try decl.parameters.map { try $0.defaultValue.map(expression) }
        let outer = scope
        let captureFrom: [Int] = inner.free.map { v in v.owner === outer ? v.cell : outer.ownCells + outer.freeIndex(v) }
        let saved = (scope, site, loopDepth, functionDepth)
        scope = inner
        site = SourceLocation(source: source, span: decl.span, function: decl.name)
        loopDepth = 0
        functionDepth += 1
        defer { (scope, site, loopDepth, functionDepth) = saved }
        let (body, slotCount) = try functionBody(decl.body)
        let code = FunctionCode(decl: decl, scope: inner, source: source, slotCount: slotCount, body: body)
        return Evaluate { f in
            var values: [Value?] = []
            values.reserveCapacity(defaults.count)
            for d in defaults { values.append(try d?.read(&f)) }
            var cells: [ClosureCell] = []
            cells.reserveCapacity(captureFrom.count)
            for i in captureFrom { cells.append(f.cell(i)) }
            return .function(Function(code: code, defaults: values, captured: cells))
        }
    }

    // MARK: comprehensions

    private func comprehension(_ c: Comprehension, _ span: Span) throws -> CompiledExpr {
        let at = location(span)
        typealias Step = (inout Frame, inout [Value], DictBox?) throws -> Void
        var element: Step
        switch c.element {
        case .list(let e):
            let x = try expression(e)
            element = { f, out, _ in out.append(try x.read(&f)) }
        case .dict(let k, let v):
            let kx = try expression(k), vx = try expression(v)
            element = { f, _, d in
                let key = try kx.read(&f), value = try vx.read(&f)
                do { try d?.set(key, value) } catch { throw at.locate(error) }
            }
        }
        for clause in c.clauses.reversed() {
            let next = element
            switch clause {
            case .for(let target, let iterable):
                let it = try expression(iterable)
                let assign = try store(target), slot = plainLocalSlot(target)
                element = { f, out, d in
                    let seq = try it.read(&f)
                    if case .range(let r) = seq {
                        try r.forEachElement { i in
                            if Interrupt.isRequested, Interrupt.take() { throw at.locate(ScriptError.interrupted) }
                            if let slot { f.slots[slot] = .int(i) } else { try assign(&f, .int(i)) }
                            try next(&f, &out, d)
                            return true
                        }
                        return
                    }
                    do {
                        try Access.forEach(seq) { item in
                            if Interrupt.isRequested, Interrupt.take() { throw ScriptError.interrupted }
                            try assign(&f, item)
                            try next(&f, &out, d)
                            return true
                        }
                    } catch { throw at.locate(error) }
                }
            case .if(let cond):
                let test = try expression(cond)
                element = { f, out, d in
                    if try test.holds(&f, at) { try next(&f, &out, d) }
                }
            }
        }
        let run = element
        if case .dict = c.element {
            return Evaluate { f in
                var unused: [Value] = []
                let d = DictBox()
                try run(&f, &unused, d)
                return .dict(d)
            }
        }
        return Evaluate { f in
            var out: [Value] = []
            try run(&f, &out, nil)
            return .list(ListBox(out))
        }
    }

    /// The code being compiled, at `span`: where a node raises its errors.
    func location(_ span: Span) -> SourceLocation { site.at(span) }

    /// A function body, compiled to the value it returns, and the slots its frame needs. Unless
    /// the specialisation pass makes it one expression, the body runs its statements and returns
    /// what `return` left in the slot after its variables (`returnSlot`).
    func functionBody(_ body: [Stmt]) throws -> (CompiledExpr, slotCount: Int) {
        if let expression = try returnOnlyBody(body) { return (expression, max(scope.variables.count, 1)) }
        let run = try block(body), slot = returnSlot
        return (Evaluate { f in
            _ = try run(&f)
            return f.slots[slot] ?? .none
        }, slot + 1)
    }

    /// Where `return` leaves the value in a function's frame: the slot after its variables.
    var returnSlot: Int { scope.variables.count }
}
