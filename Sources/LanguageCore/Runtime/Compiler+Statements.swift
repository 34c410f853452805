import Interruption

extension Compiler {
    func statement(_ s: Stmt) throws -> CompiledStmt {
        let span = s.span, at = location(s.span)
        switch s.kind {
        case .expr(let e, _):
            let x = try expression(e)
            return { f in
                _ = try x.read(&f)
                return .normal
            }
        case .assign(let targets, let value):
            let v = try expression(value)
            let stores = try targets.map(store)
            if stores.count == 1 {
                let st = stores[0]
                return { f in
                    try st(&f, try v.read(&f))
                    return .normal
                }
            }
            return { f in
                let x = try v.read(&f)
                for st in stores { try st(&f, x) }
                return .normal
            }
        case .augAssign(let target, let op, let value):
            return try augmented(target, op, value, span)
        case .if(let branches, let orElse):
            return try ifChain(branches[...], orElse, span)
        case .while(let cond, let body):
            let test = try expression(cond)
            loopDepth += 1
            let run = try block(body)
            loopDepth -= 1
            return { f in
                while true {
                    if Interrupt.isRequested, Interrupt.take() { throw at.locate(ScriptError.interrupted) }
                    if !(try test.holds(&f, at)) { break }
                    switch try run(&f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                return .normal
            }
        case .for(let target, let iterable, let body):
            return try forLoop(target, iterable, body, span)
        case .break:
            guard loopDepth > 0 else { throw syntaxError("'break' outside loop", span) }
            return { _ in .breakLoop }
        case .continue:
            guard loopDepth > 0 else { throw syntaxError("'continue' not properly in loop", span) }
            return { _ in .continueLoop }
        case .pass:
            return { _ in .normal }
        case .return(let value):
            guard functionDepth > 0 else { throw syntaxError("'return' outside function", span) }
            let slot = returnSlot
            guard let value else {
                return { f in
                    f.slots[slot] = Value.none
                    return .returned
                }
            }
            let x = try expression(value)
            return { f in
                f.slots[slot] = try x.read(&f)
                return .returned
            }
        case .def(let decl):
            let make = try function(decl)
            let assign = try storeFunctionName(decl)
            return { f in
                try assign(&f, try make.read(&f))
                return .normal
            }
        case .assert(let cond, let message):
            let test = try expression(cond)
            let text = try message.map(expression)
            return { f in
                let c = try test.read(&f)
                let yes: Bool
                do { yes = try truthy(c) } catch { throw at.locate(error) }
                if !yes {
                    let m = try text.map { str(try $0.read(&f)) } ?? ""
                    throw at.locate(ScriptError("AssertionError", m))
                }
                return .normal
            }
        case .del(let targets):
            let deletes = try targets.map(delete)
            return { f in
                for d in deletes { try d(&f) }
                return .normal
            }
        case .with(let manager, let body):
            let m = try expression(manager)
            let run = try block(body)
            return { f in
                let v = try m.read(&f)
                guard case .object(let o) = v, let cm = o as? ContextManager else {
                    throw at.locate(ScriptError.type("'\(v.typeName)' object does not support the context manager protocol (use 'with no_grad():')"))
                }
                do { return try cm.run { try run(&f) } } catch { throw at.locate(error) }
            }
        }
    }

    /// `if / elif / else` as nested closures, one test each.
    private func ifChain(_ branches: ArraySlice<(Expr, [Stmt])>, _ orElse: [Stmt], _ span: Span) throws -> CompiledStmt {
        guard let (cond, body) = branches.first else { return try block(orElse) }
        let test = try expression(cond), at = location(span)
        let then = try block(body)
        if branches.count == 1 && orElse.isEmpty {
            return { f in try test.holds(&f, at) ? try then(&f) : .normal }
        }
        let otherwise = try ifChain(branches.dropFirst(), orElse, span)
        return { f in try test.holds(&f, at) ? try then(&f) : try otherwise(&f) }
    }

    /// The name a `def` binds: a global at module level, else the local the resolver declared
    /// for it (a `def` makes its name local, as in Python).
    private func storeFunctionName(_ decl: FunctionDecl) throws -> CompiledStore {
        if scope.isModule {
            let g = ip.globals.index(decl.name)
            let globals = ip.globals
            return { _, v in globals.store(g, v) }
        }
        guard let v = scope.names[decl.name] else { throw syntaxError("internal: unresolved function name", decl.span) }
        if v.captured {
            let c = v.cell
            return { f, x in f.cell(c).value = x }
        }
        let s = v.slot
        return { f, x in f.slots[s] = x }
    }

    private func delete(_ target: Expr) throws -> (inout Frame) throws -> Void {
        let span = target.span, at = location(target.span)
        switch target.kind {
        case .name(let name, let id):
            let load = self.load(name, id, span)
            switch place(name, id) {
            case .global(let g):
                let globals = ip.globals
                return { f in
                    _ = try load.read(&f)
                    globals.store(g, globals.builtins[g])
                }
            case .slot(let s):
                return { f in
                    _ = try load.read(&f)
                    f.slots[s] = nil
                }
            case .cell(let c):
                return { f in
                    _ = try load.read(&f)
                    f.cell(c).value = nil
                }
            }
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return { f in
                let v = try c.read(&f)
                let sub = try i(&f)
                do { try Access.deleteItem(v, sub) } catch { throw at.locate(error) }
            }
        case .tuple(let items), .list(let items):
            let all = try items.map(delete)
            return { f in for d in all { try d(&f) } }
        default:
            throw syntaxError("cannot delete this expression", span)
        }
    }

    /// `x op= v`: the target is evaluated once; lists and tensors are updated in place.
    private func augmented(_ target: Expr, _ op: BinaryOp, _ value: Expr, _ span: Span) throws -> CompiledStmt {
        let at = location(span)
        let v = try expression(value)
        switch target.kind {
        case .name(let name, let id):
            let load = self.load(name, id, target.span)
            let assign = storeName(name, id)
            if let product = try scaledProduct(op, value) {
                return scaledUpdate(load, assign, op, product, at)
            }
            return { f in
                try Compiler.update(&f, assign, op, try load.read(&f), try v.read(&f), at)
                return .normal
            }
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return { f in
                let object = try c.read(&f)
                let sub = try i(&f)
                let operand = try v.read(&f)
                do {
                    let current = try Access.getItem(object, sub)
                    try Access.setItem(object, sub, try Operators.inPlace(op, current, operand))
                } catch { throw at.locate(error) }
                return .normal
            }
        case .attribute(let objectExpr, let name):
            let o = try expression(objectExpr)
            return { f in
                let object = try o.read(&f)
                let operand = try v.read(&f)
                do {
                    let current = try Access.attribute(object, name)
                    try Access.setAttribute(object, name, try Operators.inPlace(op, current, operand))
                } catch { throw at.locate(error) }
                return .normal
            }
        default:
            throw syntaxError("illegal expression for augmented assignment", target.span)
        }
    }

    /// Stores `current op operand` through `assign`: ints and floats added here, everything else
    /// (lists and tensors in place) by `Operators.inPlace`.
    @inline(__always)
    static func update(_ f: inout Frame, _ assign: CompiledStore, _ op: BinaryOp, _ current: Value, _ operand: Value,
                       _ at: SourceLocation) throws {
        if case .int(let x) = current, case .int(let y) = operand, op == .add {
            let (s, o) = x.addingReportingOverflow(y)
            if !o { return try assign(&f, .int(s)) }
        }
        if case .float(let x) = current, case .float(let y) = operand, op == .add {
            return try assign(&f, .float(x + y))
        }
        do { try assign(&f, try Operators.inPlace(op, current, operand)) } catch { throw at.locate(error) }
    }

    private func forLoop(_ target: Expr, _ iterable: Expr, _ body: [Stmt], _ span: Span) throws -> CompiledStmt {
        let at = location(span)
        let it = try expression(iterable)
        let assign = try store(target), slot = plainLocalSlot(target)
        loopDepth += 1
        let run = try block(body)
        loopDepth -= 1
        return { f in
            let seq = try it.read(&f)
            if case .range(let r) = seq {
                var result = Flow.normal
                try r.forEachElement { i in
                    if Interrupt.isRequested, Interrupt.take() { throw at.locate(ScriptError.interrupted) }
                    if let slot { f.slots[slot] = .int(i) } else { try assign(&f, .int(i)) }
                    switch try run(&f) {
                    case .breakLoop: return false
                    case .returned: result = .returned; return false
                    default: return true
                    }
                }
                return result
            }
            var result = Flow.normal
            do {
                try Access.forEach(seq) { item in
                    if Interrupt.isRequested, Interrupt.take() { throw ScriptError.interrupted }
                    try assign(&f, item)
                    switch try run(&f) {
                    case .breakLoop: return false
                    case .returned: result = .returned; return false
                    default: return true
                    }
                }
            } catch { throw at.locate(error) }
            return result
        }
    }
}
