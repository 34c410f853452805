/// The compiled body of a `def` or `lambda`, shared by every function value made from it.
final class FunctionCode {
    let name: String
    let parameters: [Parameter]
    let slotCount: Int
    let ownCellCount: Int
    /// Parameters captured by inner functions: copied from their slot into their cell on entry.
    let parameterCells: [(slot: Int, cell: Int)]
    /// No `*args`/`**kwargs`: a call with exactly as many positional arguments binds directly.
    let isSimple: Bool
    var body: CompiledStmt = { _ in .normal }
    let source: SourceText
    let span: Span
    let doc: String?

    init(decl: FunctionDecl, scope: Scope, source: SourceText) {
        name = decl.name
        parameters = decl.parameters
        slotCount = max(scope.variables.count, 1)
        ownCellCount = scope.ownCells
        parameterCells = scope.variables.prefix(decl.parameters.count).filter(\.captured).map { ($0.slot, $0.cell) }
        isSimple = decl.parameters.allSatisfy { $0.kind == .normal }
        self.source = source
        span = decl.span
        doc = decl.docstring
    }

    /// The signature with evaluated defaults, as `help()` shows it.
    func signature(defaults: [Value?]) -> Signature {
        Signature(parameters: zip(parameters, defaults).map { p, d in
            let kind: BuiltinParameter.Kind
            switch p.kind {
            case .normal: kind = parameters.firstIndex { $0.kind == .star }.map { i in parameters.firstIndex { $0.name == p.name }! > i } == true ? .keywordOnly : .normal
            case .star: kind = .varargs
            case .doubleStar: kind = .varkw
            }
            return BuiltinParameter(name: p.name, kind: kind, defaultValue: d)
        })
    }
}
