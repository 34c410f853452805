import Foundation

/// Recursive descent over the tokens of one cell, following Python's grammar for the subset in
/// LANGUAGE.md section 1. The first error stops the parse with its span.
struct Parser {
    private let source: SourceText
    private var tokens: [Token]
    private var p = 0
    private var nextId: Int
    private var depth = 0
    private static let maxDepth = 200
    /// The longest run of operators, calls, subscripts or attributes in one expression: each adds
    /// a level to a left-deep tree that later stages (resolver, compiler, freeing) walk recursively.
    private static let maxChain = 10_000

    /// Parses a whole cell. `firstId` keeps name ids unique across the cells of a session.
    static func parse(_ source: SourceText, firstId: Int = 0) throws -> (body: [Stmt], nextId: Int) {
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source), nextId: firstId)
        let body = try parser.file()
        return (body, parser.nextId)
    }

    private init(source: SourceText, tokens: [Token], nextId: Int) {
        self.source = source
        self.tokens = tokens
        self.nextId = nextId
    }

    // MARK: tokens

    private var tok: Token { tokens[p] }
    private func ahead(_ k: Int) -> Token { tokens[min(p + k, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    private mutating func accept(_ op: String) -> Bool {
        if tok.isOp(op) { advance(); return true }
        return false
    }

    private mutating func acceptKeyword(_ k: String) -> Bool {
        if tok.isKeyword(k) { advance(); return true }
        return false
    }

    private func error(_ message: String, _ span: Span? = nil, kind: String = "SyntaxError") -> ScriptError {
        let at = span ?? tok.span
        let incomplete = tok.kind == .eof || (tok.kind == .newline && ahead(1).kind == .eof && span == nil
                                              && message.hasPrefix("expected an indented block"))
        return ScriptError(kind, message, at: at.end > at.start ? at : Span(at.start, at.start + 1), in: source,
                           incomplete: incomplete)
    }

    private func unexpected() -> ScriptError {
        switch tok.kind {
        case .eof: return error("unexpected end of input")
        case .newline: return error("invalid syntax: unexpected end of line")
        case .indent: return error("unexpected indent", kind: "IndentationError")
        case .keyword:
            if let why = Keywords.unsupported[tok.text] { return error(why) }
            return error("invalid syntax: unexpected '\(tok.text)'")
        default: return error("invalid syntax")
        }
    }

    private mutating func expect(_ op: String) throws -> Token {
        guard tok.isOp(op) else {
            if tok.kind == .eof { throw error("expected '\(op)'") }
            throw error("expected '\(op)'")
        }
        return advance()
    }

    private mutating func makeId() -> Int {
        nextId += 1
        return nextId
    }

    /// Counts one more link of a left-deep chain (`1 + 1 + ...`, `f()()...`), or throws past `maxChain`.
    private func link(_ count: inout Int) throws {
        count += 1
        if count > Parser.maxChain {
            throw error("expression too long: more than \(Parser.maxChain) operators, calls or subscripts in a row; split it with intermediate names")
        }
    }

    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw error("too many nested expressions or blocks (more than \(Parser.maxDepth))") }
        return try body(&self)
    }

    // MARK: statements

    private mutating func file() throws -> [Stmt] {
        var body: [Stmt] = []
        while tok.kind != .eof {
            if tok.kind == .newline { advance(); continue }
            body += try statement()
        }
        return body
    }

    private mutating func statement() throws -> [Stmt] {
        if tok.kind == .indent { throw unexpected() }
        if tok.kind == .keyword {
            switch tok.text {
            case "if": return [try ifStatement()]
            case "while": return [try whileStatement()]
            case "for": return [try forStatement()]
            case "def": return [try defStatement()]
            case "with": return [try withStatement()]
            default: break
            }
        }
        return try simpleStatements()
    }

    /// Small statements separated by `;` up to the end of the line.
    private mutating func simpleStatements() throws -> [Stmt] {
        var out: [Stmt] = []
        while true {
            var s = try smallStatement()
            if tok.isOp(";") {
                advance()
                if case .expr(let e, _) = s.kind { s.kind = .expr(e, suppressed: true) }
                out.append(s)
                if tok.kind == .newline || tok.kind == .eof { break }
                continue
            }
            out.append(s)
            break
        }
        guard tok.kind == .newline || tok.kind == .eof else {
            throw error("invalid syntax")
        }
        if tok.kind == .newline { advance() }
        return out
    }

    private mutating func smallStatement() throws -> Stmt {
        let start = tok.span
        if tok.kind == .keyword {
            switch tok.text {
            case "pass": advance(); return Stmt(kind: .pass, span: start)
            case "break": advance(); return Stmt(kind: .break, span: start)
            case "continue": advance(); return Stmt(kind: .continue, span: start)
            case "return":
                advance()
                if tok.kind == .newline || tok.kind == .eof || tok.isOp(";") {
                    return Stmt(kind: .return(nil), span: start)
                }
                let value = try expressionList()
                return Stmt(kind: .return(value), span: start.to(value.span))
            case "assert":
                advance()
                let cond = try expression()
                var message: Expr?
                if accept(",") { message = try expression() }
                return Stmt(kind: .assert(cond, message: message), span: start.to(message?.span ?? cond.span))
            case "del":
                advance()
                var targets: [Expr] = []
                repeat {
                    let t = try expression()
                    try checkTarget(t, deleting: true)
                    targets.append(t)
                } while accept(",") && tok.kind != .newline
                return Stmt(kind: .del(targets), span: start.to(targets.last!.span))
            default: break
            }
        }
        let first = try expressionList(allowStar: true)
        if tok.kind == .op, let op = Parser.augmented[tok.text] {
            try checkTarget(first, augmented: true)
            advance()
            let value = try expressionList()
            return Stmt(kind: .augAssign(target: first, op: op, value: value), span: first.span.to(value.span))
        }
        if tok.isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try expressionList(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for t in targets { try checkTarget(t) }
            return Stmt(kind: .assign(targets: targets, value: value), span: first.span.to(value.span))
        }
        if tok.isOp(":") && ahead(1).kind != .newline {
            throw error("variable annotations are not part of Descent")
        }
        return Stmt(kind: .expr(first), span: first.span)
    }

    private static let augmented: [String: BinaryOp] = [
        "+=": .add, "-=": .sub, "*=": .mul, "/=": .div, "//=": .floorDiv, "%=": .mod, "**=": .pow, "@=": .matmul,
    ]

    private func checkTarget(_ e: Expr, augmented: Bool = false, deleting: Bool = false) throws {
        switch e.kind {
        case .name, .index, .attribute: return
        case .tuple(let items), .list(let items):
            if augmented { throw error("illegal expression for augmented assignment", e.span) }
            for item in items {
                if case .starred = item.kind, !deleting { throw error("starred assignment is not part of Descent", item.span) }
                try checkTarget(item, deleting: deleting)
            }
        case .call: throw error("cannot \(deleting ? "delete" : "assign to") function call", e.span)
        default:
            throw error("cannot \(deleting ? "delete" : "assign to") \(describe(e))", e.span)
        }
    }

    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .int, .float, .string, .bool, .none, .fstring: return "literal"
        case .binary, .unary: return "expression"
        case .compare: return "comparison"
        case .lambda: return "lambda"
        case .conditional: return "conditional expression"
        case .comprehension: return "comprehension"
        default: return "expression"
        }
    }

    /// A block after `:`: an indented suite or simple statements on the same line.
    private mutating func block(_ owner: String, _ ownerSpan: Span) throws -> [Stmt] {
        _ = try expect(":")
        if tok.kind != .newline && tok.kind != .eof { return try simpleStatements() }
        if tok.kind == .newline { advance() }
        guard tok.kind == .indent else {
            var e = error("expected an indented block after '\(owner)' on line \(source.line(of: ownerSpan.start))",
                          kind: "IndentationError")
            e.isIncompleteInput = tokens[p...].allSatisfy { $0.kind == .dedent || $0.kind == .eof || $0.kind == .newline }
            throw e
        }
        advance()
        return try nested { parser in
            var body: [Stmt] = []
            while parser.tok.kind != .dedent && parser.tok.kind != .eof {
                if parser.tok.kind == .newline { parser.advance(); continue }
                body += try parser.statement()
            }
            if parser.tok.kind == .dedent { parser.advance() }
            return body
        }
    }

    private mutating func ifStatement() throws -> Stmt {
        let start = advance().span
        var branches: [(Expr, [Stmt])] = []
        let cond = try expression()
        branches.append((cond, try block("if", start)))
        var orElse: [Stmt] = []
        while tok.isKeyword("elif") {
            let at = advance().span
            let c = try expression()
            branches.append((c, try block("elif", at)))
        }
        if tok.isKeyword("else") {
            let at = advance().span
            orElse = try block("else", at)
        }
        return Stmt(kind: .if(branches: branches, orElse: orElse), span: start.to(cond.span))
    }

    private mutating func whileStatement() throws -> Stmt {
        let start = advance().span
        let cond = try expression()
        let body = try block("while", start)
        if tok.isKeyword("else") { throw error("'while ... else' is not part of Descent") }
        return Stmt(kind: .while(cond, body), span: start.to(cond.span))
    }

    private mutating func forStatement() throws -> Stmt {
        let start = advance().span
        let target = try targetList()
        guard acceptKeyword("in") else { throw error("expected 'in' after the loop variable of 'for'") }
        let iterable = try expressionList()
        let body = try block("for", start)
        if tok.isKeyword("else") { throw error("'for ... else' is not part of Descent") }
        return Stmt(kind: .for(target: target, iterable: iterable, body: body), span: start.to(iterable.span))
    }

    /// Loop targets: names, possibly in tuples, stopping before `in`.
    private mutating func targetList() throws -> Expr {
        var items: [Expr] = []
        repeat {
            if tok.kind == .keyword && tok.text == "in" { break }
            let t = try nested { try $0.primary() }
            try checkTarget(t)
            items.append(t)
        } while accept(",")
        guard let first = items.first else { throw error("expected a loop variable after 'for'") }
        if items.count == 1 { return first }
        return Expr(kind: .tuple(items), span: first.span.to(items.last!.span))
    }

    private mutating func withStatement() throws -> Stmt {
        let start = advance().span
        let manager = try expression()
        if tok.isKeyword("as") { throw error("'with ... as' is not part of Descent") }
        let body = try block("with", start)
        return Stmt(kind: .with(manager, body), span: start.to(manager.span))
    }

    private mutating func defStatement() throws -> Stmt {
        let start = advance().span
        guard tok.kind == .name else { throw error("expected a function name after 'def'") }
        let name = advance().text
        _ = try expect("(")
        let params = try parameters(closing: ")")
        _ = try expect(")")
        if accept("->") { _ = try expression() }
        let body = try block("def", start)
        let decl = FunctionDecl(id: makeId(), name: name, parameters: params, body: body, span: start)
        return Stmt(kind: .def(decl), span: start)
    }

    private mutating func parameters(closing: String) throws -> [Parameter] {
        var params: [Parameter] = []
        var seenDefault = false
        while !tok.isOp(closing) {
            let start = tok.span
            var kind = Parameter.Kind.normal
            if accept("*") { kind = .star } else if accept("**") { kind = .doubleStar }
            guard tok.kind == .name else { throw error("expected a parameter name") }
            let name = advance().text
            if params.contains(where: { $0.name == name }) {
                throw error("duplicate argument '\(name)' in function definition", start)
            }
            if closing == ")" && accept(":") { _ = try expression() }
            var defaultValue: Expr?
            if kind == .normal && accept("=") {
                defaultValue = try expression()
                seenDefault = true
            } else if kind == .normal && seenDefault && !params.contains(where: { $0.kind == .star }) {
                throw error("parameter without a default follows parameter with a default", start)
            }
            params.append(Parameter(name: name, kind: kind, defaultValue: defaultValue, span: start))
            if !accept(",") { break }
        }
        return params
    }

    // MARK: expressions

    /// Expressions separated by commas: a tuple when there is a comma.
    private mutating func expressionList(allowStar: Bool = false) throws -> Expr {
        let first = try starOr(allowStar)
        guard tok.isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if tok.kind == .newline || tok.kind == .eof || tok.isOp("=") || tok.isOp(";") || tok.isOp(")") { break }
            if tok.kind == .op, Parser.augmented[tok.text] != nil { break }
            items.append(try starOr(allowStar))
        }
        return Expr(kind: .tuple(items), span: first.span.to(items.last!.span))
    }

    private mutating func starOr(_ allowStar: Bool) throws -> Expr {
        if allowStar, tok.isOp("*") {
            let start = advance().span
            let e = try expression()
            return Expr(kind: .starred(e), span: start.to(e.span))
        }
        return try expression()
    }

    mutating func expression() throws -> Expr {
        try nested { parser in
            if parser.tok.isKeyword("lambda") { return try parser.lambda() }
            let body = try parser.orTest()
            if parser.tok.isKeyword("if") {
                parser.advance()
                let test = try parser.orTest()
                guard parser.acceptKeyword("else") else { throw parser.error("expected 'else' in conditional expression") }
                let orElse = try parser.expression()
                return Expr(kind: .conditional(test: test, then: body, else: orElse), span: body.span.to(orElse.span))
            }
            return body
        }
    }

    private mutating func lambda() throws -> Expr {
        let start = advance().span
        let params = try parameters(closing: ":")
        _ = try expect(":")
        let body = try expression()
        let decl = FunctionDecl(id: makeId(), name: "<lambda>", parameters: params,
                                body: [Stmt(kind: .return(body), span: body.span)], span: start.to(body.span))
        return Expr(kind: .lambda(decl), span: start.to(body.span))
    }

    private mutating func orTest() throws -> Expr {
        var left = try andTest()
        var links = 0
        while tok.isKeyword("or") {
            try link(&links)
            advance()
            let right = try andTest()
            left = Expr(kind: .or(left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func andTest() throws -> Expr {
        var left = try notTest()
        var links = 0
        while tok.isKeyword("and") {
            try link(&links)
            advance()
            let right = try notTest()
            left = Expr(kind: .and(left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func notTest() throws -> Expr {
        if tok.isKeyword("not") {
            let start = advance().span
            let e = try nested { try $0.notTest() }
            return Expr(kind: .not(e), span: start.to(e.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws -> Expr {
        let first = try bitOr()
        var rest: [(CompareOp, Expr)] = []
        while true {
            var op: CompareOp?
            if tok.kind == .op {
                switch tok.text {
                case "<": op = .lt
                case "<=": op = .le
                case ">": op = .gt
                case ">=": op = .ge
                case "==": op = .eq
                case "!=": op = .ne
                default: break
                }
                if op != nil { advance() }
            } else if tok.isKeyword("in") {
                advance(); op = .in
            } else if tok.isKeyword("not") && ahead(1).isKeyword("in") {
                advance(); advance(); op = .notIn
            } else if tok.isKeyword("is") {
                advance()
                op = acceptKeyword("not") ? .isNot : .is
            }
            guard let o = op else { break }
            rest.append((o, try bitOr()))
        }
        if rest.isEmpty { return first }
        return Expr(kind: .compare(first, rest), span: first.span.to(rest.last!.1.span))
    }

    private mutating func binaryLevel(_ ops: [String: BinaryOp], _ next: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try next(&self)
        var links = 0
        while tok.kind == .op, let op = ops[tok.text] {
            try link(&links)
            advance()
            let right = try next(&self)
            left = Expr(kind: .binary(op, left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func bitOr() throws -> Expr { try binaryLevel(["|": .or]) { try $0.bitXor() } }
    private mutating func bitXor() throws -> Expr { try binaryLevel(["^": .xor]) { try $0.bitAnd() } }
    private mutating func bitAnd() throws -> Expr { try binaryLevel(["&": .and]) { try $0.shift() } }
    private mutating func shift() throws -> Expr { try binaryLevel(["<<": .lshift, ">>": .rshift]) { try $0.arith() } }
    private mutating func arith() throws -> Expr { try binaryLevel(["+": .add, "-": .sub]) { try $0.term() } }
    private mutating func term() throws -> Expr {
        try binaryLevel(["*": .mul, "/": .div, "//": .floorDiv, "%": .mod, "@": .matmul]) { try $0.factor() }
    }

    private mutating func factor() throws -> Expr {
        if tok.kind == .op, tok.text == "-" || tok.text == "+" || tok.text == "~" {
            let t = advance()
            let operand = try nested { try $0.factor() }
            let op: UnaryOp = t.text == "-" ? .neg : t.text == "+" ? .pos : .invert
            if op == .neg, case .int(let v) = operand.kind { return Expr(kind: .int(-v), span: t.span.to(operand.span)) }
            if op == .neg, case .float(let v) = operand.kind { return Expr(kind: .float(-v), span: t.span.to(operand.span)) }
            return Expr(kind: .unary(op, operand), span: t.span.to(operand.span))
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try primary()
        if tok.isOp("**") {
            advance()
            let exponent = try nested { try $0.factor() }
            return Expr(kind: .binary(.pow, base, exponent), span: base.span.to(exponent.span))
        }
        return base
    }

    /// An atom followed by calls, subscripts and attributes.
    private mutating func primary() throws -> Expr {
        var e = try atom()
        var links = 0
        while true {
            if tok.isOp("(") || tok.isOp("[") || tok.isOp(".") { try link(&links) }
            if tok.isOp("(") {
                advance()
                let args = try arguments()
                let end = try expect(")").span
                e = Expr(kind: .call(e, args), span: e.span.to(end))
            } else if tok.isOp("[") {
                advance()
                let index = try subscriptList()
                let end = try expect("]").span
                e = Expr(kind: .index(e, index), span: e.span.to(end))
            } else if tok.isOp(".") {
                advance()
                guard tok.kind == .name || tok.kind == .keyword else { throw error("expected an attribute name after '.'") }
                let name = advance()
                e = Expr(kind: .attribute(e, name.text), span: e.span.to(name.span))
            } else {
                return e
            }
        }
    }

    private mutating func arguments() throws -> [Argument] {
        var args: [Argument] = []
        var seenKeyword = false
        while !tok.isOp(")") {
            let start = tok.span
            if accept("*") {
                let v = try expression()
                args.append(Argument(kind: .star, value: v, span: start.to(v.span)))
            } else if accept("**") {
                let v = try expression()
                args.append(Argument(kind: .doubleStar, value: v, span: start.to(v.span)))
                seenKeyword = true
            } else if tok.kind == .name && ahead(1).isOp("=") {
                let name = advance().text
                advance()
                let v = try expression()
                if args.contains(where: { if case .keyword(name) = $0.kind { return true } else { return false } }) {
                    throw error("keyword argument repeated: \(name)", start.to(v.span))
                }
                args.append(Argument(kind: .keyword(name), value: v, span: start.to(v.span)))
                seenKeyword = true
            } else {
                var v = try expression()
                if tok.isKeyword("for") {
                    v = try comprehension(.list(v), start: v.span)
                }
                if seenKeyword { throw error("positional argument follows keyword argument", v.span) }
                args.append(Argument(kind: .positional, value: v, span: v.span))
            }
            if !accept(",") { break }
        }
        return args
    }

    private mutating func subscriptList() throws -> Expr {
        let first = try subscriptItem()
        guard tok.isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if tok.isOp("]") { break }
            items.append(try subscriptItem())
        }
        return Expr(kind: .tuple(items), span: first.span.to(items.last!.span))
    }

    private mutating func subscriptItem() throws -> Expr {
        let start = tok.span
        var lower: Expr?
        if !tok.isOp(":") {
            lower = try expression()
            if !tok.isOp(":") { return lower! }
        }
        advance()
        var upper: Expr?, step: Expr?
        if !tok.isOp(":") && !tok.isOp(",") && !tok.isOp("]") { upper = try expression() }
        if accept(":") {
            if !tok.isOp(",") && !tok.isOp("]") { step = try expression() }
        }
        let end = step?.span ?? upper?.span ?? start
        return Expr(kind: .slice(lower, upper, step), span: start.to(end))
    }

    private mutating func atom() throws -> Expr {
        let t = tok
        switch t.kind {
        case .name:
            advance()
            return Expr(kind: .name(t.text, id: makeId()), span: t.span)
        case .int:
            advance()
            return Expr(kind: .int(t.intValue), span: t.span)
        case .float:
            advance()
            return Expr(kind: .float(t.floatValue), span: t.span)
        case .string, .fstring:
            return try strings()
        case .keyword:
            switch t.text {
            case "True": advance(); return Expr(kind: .bool(true), span: t.span)
            case "False": advance(); return Expr(kind: .bool(false), span: t.span)
            case "None": advance(); return Expr(kind: .none, span: t.span)
            default: throw unexpected()
            }
        case .op:
            switch t.text {
            case "(": return try parenthesized()
            case "[": return try listDisplay()
            case "{": return try dictDisplay()
            case "...": advance(); return Expr(kind: .ellipsis, span: t.span)
            default: throw unexpected()
            }
        default:
            throw unexpected()
        }
    }

    /// Adjacent string literals concatenate; any f-string among them makes the whole an f-string.
    private mutating func strings() throws -> Expr {
        var parts: [FStringPart] = []
        var isF = false
        let start = tok.span
        var end = start
        while tok.kind == .string || tok.kind == .fstring {
            let t = advance()
            end = t.span
            if t.kind == .string {
                parts.append(.literal(t.text))
            } else {
                isF = true
                parts += try fstringParts(t.segments)
            }
        }
        let span = start.to(end)
        if !isF {
            return Expr(kind: .string(parts.map { if case .literal(let s) = $0 { return s } else { return "" } }.joined()),
                        span: span)
        }
        return Expr(kind: .fstring(parts), span: span)
    }

    /// The lexer's f-string segments as parts, parsing each field's expression.
    private mutating func fstringParts(_ segments: [FStringSegment]) throws -> [FStringPart] {
        try segments.map { segment in
            switch segment {
            case .literal(let text): return .literal(text)
            case .field(let expression, let offset, let conversion, let spec):
                let expr = try parseEmbedded(expression, at: offset)
                return .value(expr, conversion: conversion, spec: try fstringParts(spec))
            }
        }
    }

    /// Parses an expression inside an f-string, with spans shifted to its place in the cell.
    private mutating func parseEmbedded(_ text: String, at offset: Int) throws -> Expr {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ScriptError("SyntaxError", "f-string: empty expression not allowed", at: Span(offset - 1, offset + 1), in: source)
        }
        let padded = String(repeating: " ", count: 0) + "(" + text + ")"
        let inner = SourceText(name: source.name, text: padded)
        var tokens = try Lexer.tokenize(inner)
        for k in tokens.indices {
            tokens[k].span = Span(tokens[k].span.start + offset - 1, tokens[k].span.end + offset - 1)
        }
        var parser = Parser(source: source, tokens: tokens, nextId: nextId)
        let e = try parser.expression()
        guard parser.tok.kind == .newline || parser.tok.kind == .eof else {
            throw parser.error("f-string: invalid expression")
        }
        nextId = parser.nextId
        return e
    }

    private mutating func parenthesized() throws -> Expr {
        let start = advance().span
        if tok.isOp(")") {
            let end = advance().span
            return Expr(kind: .tuple([]), span: start.to(end))
        }
        let first = try starOr(true)
        if tok.isKeyword("for") {
            let c = try comprehension(.list(first), start: start)
            let end = try expect(")").span
            return Expr(kind: c.kind, span: start.to(end))
        }
        if !tok.isOp(",") {
            let end = try expect(")").span
            if case .starred = first.kind { throw error("cannot use starred expression here", first.span) }
            return Expr(kind: first.kind, span: start.to(end))
        }
        var items = [first]
        while accept(",") {
            if tok.isOp(")") { break }
            items.append(try starOr(true))
        }
        let end = try expect(")").span
        return Expr(kind: .tuple(items), span: start.to(end))
    }

    private mutating func listDisplay() throws -> Expr {
        let start = advance().span
        var items: [Expr] = []
        if !tok.isOp("]") {
            let first = try starOr(true)
            if tok.isKeyword("for") {
                let c = try comprehension(.list(first), start: start)
                let end = try expect("]").span
                return Expr(kind: c.kind, span: start.to(end))
            }
            items.append(first)
            while accept(",") {
                if tok.isOp("]") { break }
                items.append(try starOr(true))
            }
        }
        let end = try expect("]").span
        return Expr(kind: .list(items), span: start.to(end))
    }

    private mutating func dictDisplay() throws -> Expr {
        let start = advance().span
        var pairs: [(Expr, Expr)] = []
        if !tok.isOp("}") {
            let key = try expression()
            guard accept(":") else { throw error("sets are not part of Descent: expected ':' after a dict key") }
            let value = try expression()
            if tok.isKeyword("for") {
                let c = try comprehension(.dict(key, value), start: start)
                let end = try expect("}").span
                return Expr(kind: c.kind, span: start.to(end))
            }
            pairs.append((key, value))
            while accept(",") {
                if tok.isOp("}") { break }
                let k = try expression()
                _ = try expect(":")
                pairs.append((k, try expression()))
            }
        }
        let end = try expect("}").span
        return Expr(kind: .dict(pairs), span: start.to(end))
    }

    private mutating func comprehension(_ element: Comprehension.Element, start: Span) throws -> Expr {
        var clauses: [Comprehension.Clause] = []
        while tok.isKeyword("for") || tok.isKeyword("if") {
            if acceptKeyword("for") {
                let target = try targetList()
                guard acceptKeyword("in") else { throw error("expected 'in' in comprehension") }
                clauses.append(.for(target: target, iterable: try orTest()))
            } else {
                advance()
                clauses.append(.if(try nested { try $0.orTestNoConditional() }))
            }
        }
        return Expr(kind: .comprehension(Comprehension(element: element, clauses: clauses)), span: start.to(tok.span))
    }

    private mutating func orTestNoConditional() throws -> Expr { try orTest() }
}
