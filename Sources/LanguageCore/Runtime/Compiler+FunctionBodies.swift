extension Compiler {
    /// A function body, compiled to the value it returns, and the slots its frame needs. A body
    /// made only of `if`s whose branches end in `return`, and a last `return` (after a
    /// docstring, if any), becomes one expression (`a if c else b`): no statement results to
    /// pass up and no return value to keep. Any other body runs its statements and returns what
    /// `return` left in the slot after its variables (`returnSlot`).
    func functionBody(_ body: [Stmt]) throws -> (Operand, slotCount: Int) {
        var statements = body[...]
        if case .expr(let e, _)? = statements.first?.kind, case .string = e.kind { statements = statements.dropFirst() }
        if Compiler.onlyReturns(statements) { return (try returnExpression(statements), max(scope.variables.count, 1)) }
        let run = try block(body), slot = returnSlot
        return (Operand(.expr) { f in
            _ = try run(&f)
            return f.slots[slot] ?? .none
        }, slot + 1)
    }

    /// Where `return` leaves the value in a function's frame: the slot after its variables.
    var returnSlot: Int { scope.variables.count }

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
            return try branchChain(branches[...], orElse.isEmpty ? statements.dropFirst() : orElse[...], first.span)
        default:
            throw syntaxError("internal: not a return", first.span)
        }
    }

    private func branchChain(_ branches: ArraySlice<(Expr, [Stmt])>, _ otherwise: ArraySlice<Stmt>, _ span: Span) throws -> Operand {
        guard let (cond, body) = branches.first else { return try returnExpression(otherwise) }
        let test = try condition(cond, truthSpan: span)
        let then = try returnExpression(body[...])
        let orElse = branches.count == 1 ? try returnExpression(otherwise)
                                         : try branchChain(branches.dropFirst(), otherwise, span)
        let branch = Branch(test: test, then: then, orElse: orElse)
        return Operand(branch)
    }
}

/// `then if test else orElse`: an operand evaluates it by a direct call, without a closure.
final class Branch: Node {
    let test: Condition
    let then: Operand
    let orElse: Operand

    init(test: Condition, then: Operand, orElse: Operand) {
        self.test = test
        self.then = then
        self.orElse = orElse
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        try test.holds(&f) ? try then.read(&f) : try orElse.read(&f)
    }
}
