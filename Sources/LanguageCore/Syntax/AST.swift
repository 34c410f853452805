/// The syntax tree of a cell: expressions and statements, each with its span.
/// Names carry an `id` that the resolver's side table maps to a slot.

struct Expr {
    var kind: ExprKind
    var span: Span
}

indirect enum ExprKind {
    case name(String, id: Int)
    case int(Int)
    case float(Double)
    case string(String)
    case fstring([FStringPart])
    case bool(Bool)
    case none
    case ellipsis
    case list([Expr])
    case tuple([Expr])
    case dict([(Expr, Expr)])
    case starred(Expr)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
    case compare(Expr, [(CompareOp, Expr)])
    case call(Expr, [Argument])
    case index(Expr, Expr)
    case slice(Expr?, Expr?, Expr?)
    case attribute(Expr, String)
    case conditional(test: Expr, then: Expr, else: Expr)
    case lambda(FunctionDecl)
    case comprehension(Comprehension)
}

public enum UnaryOp: String, Sendable { case neg = "-", pos = "+", invert = "~" }

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", matmul = "@"
    case and = "&", or = "|", xor = "^", lshift = "<<", rshift = ">>"
}

public enum CompareOp: String, Sendable {
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!=", `in` = "in", notIn = "not in",
         `is` = "is", isNot = "is not"
}

enum FStringPart {
    case literal(String)
    case value(Expr, conversion: Character?, spec: [FStringPart])
}

struct Argument {
    enum Kind { case positional, keyword(String), star, doubleStar }
    var kind: Kind
    var value: Expr
    var span: Span
}

struct Parameter {
    enum Kind { case normal, star, doubleStar }
    var name: String
    var kind: Kind
    var defaultValue: Expr?
    var span: Span
}

/// A `def` or a `lambda`: the resolver keys its scope by `id`.
final class FunctionDecl {
    let id: Int
    let name: String
    let parameters: [Parameter]
    let body: [Stmt]
    let span: Span
    let docstring: String?

    init(id: Int, name: String, parameters: [Parameter], body: [Stmt], span: Span) {
        self.id = id
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
        if case .expr(let e, _)? = body.first?.kind, case .string(let s) = e.kind, name != "<lambda>" {
            docstring = s
        } else {
            docstring = nil
        }
    }
}

/// `[elt for target in iter if cond ...]` or `{k: v for ...}`; its loop names are its own.
struct Comprehension {
    enum Clause {
        case `for`(target: Expr, iterable: Expr)
        case `if`(Expr)
    }
    enum Element {
        case list(Expr)
        case dict(Expr, Expr)
    }
    var element: Element
    var clauses: [Clause]
}

struct Stmt {
    var kind: StmtKind
    var span: Span
}

indirect enum StmtKind {
    /// `suppressed`: the statement ended with `;`, so a cell ending with it shows no result.
    case expr(Expr, suppressed: Bool = false)
    case assign(targets: [Expr], value: Expr)
    case augAssign(target: Expr, op: BinaryOp, value: Expr)
    case `if`(branches: [(Expr, [Stmt])], orElse: [Stmt])
    case `while`(Expr, [Stmt])
    case `for`(target: Expr, iterable: Expr, body: [Stmt])
    case `break`
    case `continue`
    case pass
    case `return`(Expr?)
    case def(FunctionDecl)
    case assert(Expr, message: Expr?)
    case del([Expr])
    case with(Expr, [Stmt])
}
