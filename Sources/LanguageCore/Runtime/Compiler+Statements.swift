import Interruption

extension Compiler {
    func statement(_ s: Stmt) throws -> CompiledStmt {
        let ip = self.ip, site = self.site, span = s.span, at = errorSite(s.span)
        switch s.kind {
        case .expr(let e, _):
            let x = try expression(e)
            return { f in
                _ = try x(&f)
                return .normal
            }
        case .assign(let targets, let value):
            let v = try expression(value)
            let stores = try targets.map(store)
            if stores.count == 1 {
                let st = stores[0]
                return { f in
                    try st(&f, try v(&f))
                    return .normal
                }
            }
            return { f in
                let x = try v(&f)
                for st in stores { try st(&f, x) }
                return .normal
            }
        case .augAssign(let target, let op, let value):
            return try augmented(target, op, value, span)
        case .if(let branches, let orElse):
            return try ifChain(branches[...], orElse, span)
        case .while(let cond, let body):
            let test = try condition(cond, truthSpan: span)
            loopDepth += 1
            let run = try block(body)
            loopDepth -= 1
            return { f in
                while true {
                    if Interrupt.isRequested, Interrupt.take() { throw at.locate(ScriptError.interrupted) }
                    if !(try test.holds(&f)) { break }
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
            let x = try operand(value)
            return { f in
                f.slots[slot] = try x.read(&f)
                return .returned
            }
        case .def(let decl):
            let make = try function(decl)
            let assign = storeFunctionName(decl)
            return { f in
                try assign(&f, try make(&f))
                return .normal
            }
        case .assert(let cond, let message):
            let test = try expression(cond)
            let text = try message.map(expression)
            return { f in
                let c = try test(&f)
                let yes: Bool
                do { yes = try truthy(c) } catch { throw at.locate(error) }
                if !yes {
                    let m = try text.map { str(try $0(&f)) } ?? ""
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
                let v = try m(&f)
                guard case .object(let o) = v, let cm = o as? ContextManager else {
                    throw ip.locate(ScriptError.type("'\(v.typeName)' object does not support the context manager protocol (use 'with no_grad():')"), span, site)
                }
                do { return try cm.run { try run(&f) } } catch { throw at.locate(error) }
            }
        }
    }

    /// `if / elif / else` as nested closures, one test each.
    private func ifChain(_ branches: ArraySlice<(Expr, [Stmt])>, _ orElse: [Stmt], _ span: Span) throws -> CompiledStmt {
        guard let (cond, body) = branches.first else { return try block(orElse) }
        let test = try condition(cond, truthSpan: span)
        let then = try block(body)
        if branches.count == 1 && orElse.isEmpty {
            return { f in try test.holds(&f) ? try then(&f) : .normal }
        }
        let otherwise = try ifChain(branches.dropFirst(), orElse, span)
        return { f in try test.holds(&f) ? try then(&f) : try otherwise(&f) }
    }

    /// The name a `def` binds: found through the same side table as any name.
    private func storeFunctionName(_ decl: FunctionDecl) -> CompiledStore {
        if scope.isModule {
            let g = ip.globals.index(decl.name)
            let globals = ip.globals
            return { _, v in globals.store(g, v) }
        }
        if let v = scope.names[decl.name] {
            if v.captured {
                let c = v.cell
                return { f, x in f.cell(c).value = x }
            }
            let s = v.slot
            return { f, x in f.slots[s] = x }
        }
        let g = ip.globals.index(decl.name)
        let globals = ip.globals
        return { _, v in globals.store(g, v) }
    }

    private func delete(_ target: Expr) throws -> (inout Frame) throws -> Void {
        let ip = self.ip, span = target.span, at = errorSite(target.span)
        switch target.kind {
        case .name(let name, let id):
            let load = self.load(name, id, span)
            switch binding(name, id) {
            case .global(let g):
                let globals = ip.globals
                return { f in
                    _ = try load(&f)
                    globals.store(g, globals.builtins[g])
                }
            case .local(let v) where !v.captured:
                let slot = v.slot
                return { f in
                    _ = try load(&f)
                    f.slots[slot] = nil
                }
            case .local(let v):
                let c = v.cell
                return { f in
                    _ = try load(&f)
                    f.cell(c).value = nil
                }
            case .free(let i):
                let c = scope.ownCells + i
                return { f in
                    _ = try load(&f)
                    f.cell(c).value = nil
                }
            }
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return { f in
                let v = try c(&f)
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
        let at = errorSite(span)
        let v = try expression(value)
        switch target.kind {
        case .name(let name, let id):
            let load = self.load(name, id, target.span)
            let assign = storeName(name, id)
            return { f in
                let current = try load(&f)
                let operand = try v(&f)
                if case .int(let x) = current, case .int(let y) = operand, op == .add {
                    let (s, o) = x.addingReportingOverflow(y)
                    if !o { try assign(&f, .int(s)); return .normal }
                }
                if case .float(let x) = current, case .float(let y) = operand, op == .add {
                    try assign(&f, .float(x + y))
                    return .normal
                }
                do { try assign(&f, try Operators.inPlace(op, current, operand)) } catch { throw at.locate(error) }
                return .normal
            }
        case .index(let container, let index):
            let c = try expression(container)
            let i = try subscriptExpr(index)
            return { f in
                let object = try c(&f)
                let sub = try i(&f)
                let operand = try v(&f)
                do {
                    let current = try Access.getItem(object, sub)
                    try Access.setItem(object, sub, try Operators.inPlace(op, current, operand))
                } catch { throw at.locate(error) }
                return .normal
            }
        case .attribute(let objectExpr, let name):
            let o = try expression(objectExpr)
            return { f in
                let object = try o(&f)
                let operand = try v(&f)
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

    private func forLoop(_ target: Expr, _ iterable: Expr, _ body: [Stmt], _ span: Span) throws -> CompiledStmt {
        let at = errorSite(span)
        let it = try expression(iterable)
        let assign = try store(target), slot = plainLocalSlot(target)
        loopDepth += 1
        let run = try block(body)
        loopDepth -= 1
        return { f in
            let seq = try it(&f)
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
