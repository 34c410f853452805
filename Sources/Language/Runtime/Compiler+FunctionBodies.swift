extension Compiler {
    /// A function body, compiled to the value it returns. A body made only of `if`s whose
    /// branches end in `return`, and a last `return` (after a docstring, if any), becomes one
    /// expression (`a if c else b`): no statement results to pass up and no return value kept
    /// in the frame. Any other body runs its statements and returns what `return` left.
    func functionBody(_ body: [Stmt]) throws -> CompiledExpr {
        var statements = body[...]
        if case .expr(let e, _)? = statements.first?.kind, case .string = e.kind { statements = statements.dropFirst() }
        if Compiler.onlyReturns(statements) { return try returnExpression(statements).expr }
        let run = try block(body)
        return { f in
            _ = try run(&f)
            return f.returnValue
        }
    }

    /// Whether the statements are one `return`, or an `if` whose branches are such and whose
    /// `else` (or, without one, the statements after it) is such.
    static func onlyReturns(_ statements: ArraySlice<Stmt>) -> Bool {
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
    private func returnExpression(_ statements: ArraySlice<Stmt>) throws -> Operand {
        guard let first = statements.first else { return .constant(.none) }
        switch first.kind {
        case .return(let value):
            guard let value else { return .constant(.none) }
            return try operand(value)
        case .if(let branches, let orElse):
            let chain = try branchChain(branches[...], orElse.isEmpty ? statements.dropFirst() : orElse[...], first.span)
            return Operand(.expr, expr: chain)
        default:
            throw syntaxError("internal: not a return", first.span)
        }
    }

    private func branchChain(_ branches: ArraySlice<(Expr, [Stmt])>, _ otherwise: ArraySlice<Stmt>, _ span: Span) throws -> CompiledExpr {
        guard let (cond, body) = branches.first else { return try returnExpression(otherwise).expr }
        let test = try condition(cond, truthSpan: span)
        let then = try returnExpression(body[...])
        let orElse = branches.count == 1 ? try returnExpression(otherwise)
                                         : Operand(.expr, expr: try branchChain(branches.dropFirst(), otherwise, span))
        return { f in try test.holds(&f) ? try then.read(&f) : try orElse.read(&f) }
    }
}
