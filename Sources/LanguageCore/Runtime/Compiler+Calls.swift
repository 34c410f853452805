extension Compiler {
    /// A call's generic node: `obj.method(...)` calls the method without making a bound value.
    func call(_ calleeExpr: Expr, _ args: [Argument], _ span: Span) throws -> CompiledExpr {
        let callee: CompiledExpr, method: String?
        if case .attribute(let objectExpr, let name) = calleeExpr.kind {
            callee = try expression(objectExpr)
            method = name
        } else {
            callee = try expression(calleeExpr)
            method = nil
        }
        let kinds = Compiler.allPositional(args) ? nil : args.map { ($0.kind, location($0.span)) }
        return Call(ip: ip, at: location(span), callee: callee, method: method,
                    arguments: try args.map { try expression($0.value) }, kinds: kinds)
    }

    /// Whether every argument is a plain positional one (no keyword, `*xs` or `**d`).
    static func allPositional(_ args: [Argument]) -> Bool {
        args.allSatisfy { if case .positional = $0.kind { return true } else { return false } }
    }
}
