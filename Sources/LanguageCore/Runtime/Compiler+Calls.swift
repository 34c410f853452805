extension Compiler {
    /// A call. Positional calls of user functions write their arguments straight into the
    /// callee's frame; `obj.method(...)` calls the method without making a bound value.
    func call(_ calleeExpr: Expr, _ args: [Argument], _ span: Span) throws -> CompiledExpr {
        let ip = self.ip, at = errorSite(span)
        let simple = Compiler.allPositional(args)
        if case .attribute(let objectExpr, let name) = calleeExpr.kind {
            let object = try expression(objectExpr)
            let arguments = try argumentList(args)
            return { f in
                let receiver = try object(&f)
                let (positional, keywords) = try arguments(&f)
                do {
                    if let method = Access.method(of: receiver, name) {
                        return try method.call(ip, receiver: receiver, positional: positional, keywords: keywords)
                    }
                    return try ip.call(try Access.attribute(receiver, name), positional, keywords)
                } catch { throw at.locate(error) }
            }
        }
        if let site = try positionalCall(calleeExpr, args, span) { return { f in try site.evaluate(&f) } }
        let callee = try operand(calleeExpr)
        if simple {
            let argFns = try args.map { try expression($0.value) }
            let argc = argFns.count
            return { f in
                let target = try callee.read(&f)
                if case .function(let fn) = target, fn.directArity == argc {
                    return try ip.callDirect(fn, at) { slots in
                        for i in 0..<argc { slots[i] = try argFns[i](&f) }
                    }
                }
                var values: [Value] = []
                values.reserveCapacity(argc)
                for a in argFns { values.append(try a(&f)) }
                do { return try ip.call(target, values) } catch { throw at.locate(error) }
            }
        }
        let arguments = try argumentList(args)
        return { f in
            let target = try callee.read(&f)
            let (positional, keywords) = try arguments(&f)
            do { return try ip.call(target, positional, keywords) } catch { throw at.locate(error) }
        }
    }

    /// The call site of a call with one or two positional arguments (not of a method), or nil.
    func positionalCall(_ calleeExpr: Expr, _ args: [Argument], _ span: Span) throws -> PositionalCall? {
        guard args.count == 1 || args.count == 2, Compiler.allPositional(args) else { return nil }
        if case .attribute = calleeExpr.kind { return nil }
        return PositionalCall(ip: ip, at: errorSite(span), callee: try operand(calleeExpr), arguments: try args.map { try operand($0.value) })
    }

    /// Whether every argument is a plain positional one (no keyword, `*xs` or `**d`).
    static func allPositional(_ args: [Argument]) -> Bool {
        args.allSatisfy { if case .positional = $0.kind { return true } else { return false } }
    }

    /// Evaluates arguments left to right, expanding `*xs` and `**d`.
    private func argumentList(_ args: [Argument]) throws -> (inout Frame) throws -> ([Value], [(String, Value)]) {
        let compiled = try args.map { ($0.kind, try expression($0.value), errorSite($0.span)) }
        return { f in
            var positional: [Value] = []
            var keywords: [(String, Value)] = []
            for (kind, x, at) in compiled {
                let v = try x(&f)
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
                        guard case .str(let name) = k else {
                            throw at.locate(ScriptError.type("keywords must be strings"))
                        }
                        keywords.append((name, value))
                    }
                }
            }
            return (positional, keywords)
        }
    }
}

/// A call with one or two positional arguments, the most common kind. A global user function is
/// entered directly, without a retain (see `Globals.functions`); any other callee takes the path
/// kept out of line.
final class PositionalCall: Node {
    let ip: Interpreter
    let at: ErrorSite
    let callee: Operand
    /// The callee's global index, or -1 when the callee is not a global name.
    let global: Int
    let a0: Operand
    let a1: Operand
    let arity: Int

    init(ip: Interpreter, at: ErrorSite, callee: Operand, arguments: [Operand]) {
        self.ip = ip
        self.at = at
        self.callee = callee
        global = callee.kind == .global ? callee.index : -1
        a0 = arguments[0]
        a1 = arguments.count > 1 ? arguments[1] : arguments[0]
        arity = arguments.count
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        arity == 1 ? try call1(&f) : try call2(&f)
    }

    @inline(__always)
    func call1(_ f: inout Frame) throws -> Value {
        if global >= 0, let known = ip.globals.directFunction(global, arity: 1) {
            return try ip.callDirect(known, at) { slots in slots[0] = try a0.read(&f) }
        }
        return try slowCall(&f, arity: 1)
    }

    @inline(__always)
    func call2(_ f: inout Frame) throws -> Value {
        if global >= 0, let known = ip.globals.directFunction(global, arity: 2) {
            return try ip.callDirect(known, at) { slots in
                slots[0] = try a0.read(&f)
                slots[1] = try a1.read(&f)
            }
        }
        return try slowCall(&f, arity: 2)
    }

    /// Any callee: a user function still binds straight into its frame.
    @inline(never)
    private func slowCall(_ f: inout Frame, arity: Int) throws -> Value {
        let target = try callee.read(&f)
        if case .function(let fn) = target, fn.directArity == arity {
            return try ip.callDirect(fn, at) { slots in
                slots[0] = try a0.read(&f)
                if arity == 2 { slots[1] = try a1.read(&f) }
            }
        }
        let v0 = try a0.read(&f)
        let arguments = arity == 2 ? [v0, try a1.read(&f)] : [v0]
        do { return try ip.call(target, arguments) } catch { throw at.locate(error) }
    }
}
