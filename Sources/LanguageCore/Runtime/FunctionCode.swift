/// The compiled body of a `def` or `lambda`, shared by every function value made from it.
final class FunctionCode {
    let name: String
    let parameters: [Parameter]
    /// Its variables, and for a body of statements the slot `return` leaves the value in.
    let slotCount: Int
    let ownCellCount: Int
    /// Parameters captured by inner functions: copied from their slot into their cell on entry.
    let parameterCells: [(slot: Int, cell: Int)]
    /// How many positional arguments a call binds straight into the first slots: all the
    /// parameters, or -1 when there are `*args`/`**kwargs` and every call goes through `bind`.
    let directArity: Int
    /// Evaluates the body in a frame whose parameters are bound, to the value it returns.
    private let body: CompiledExpr
    let source: SourceText
    let span: Span
    let doc: String?

    init(decl: FunctionDecl, scope: Scope, source: SourceText, slotCount: Int, body: CompiledExpr) {
        name = decl.name
        parameters = decl.parameters
        self.slotCount = slotCount
        ownCellCount = scope.ownCells
        parameterCells = scope.variables.prefix(decl.parameters.count).filter(\.captured).map { ($0.slot, $0.cell) }
        directArity = decl.parameters.allSatisfy { $0.kind == .normal } ? decl.parameters.count : -1
        self.body = body
        self.source = source
        span = decl.span
        doc = decl.docstring
    }

    /// Runs the body in a frame whose parameters are bound; returns the function's value.
    @inline(__always)
    func run(_ frame: inout Frame) throws -> Value { try body.read(&frame) }

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
