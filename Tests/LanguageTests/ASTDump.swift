@testable import LanguageCore
@testable import LanguageLibrary

/// Renders syntax trees as S-expressions, so parser tests can state the expected tree in one line.
enum ASTDump {
    static func parse(_ code: String) throws -> String {
        try Parser.parse(SourceText(name: "<test>", text: code)).body.map(stmt).joined(separator: " ")
    }

    static func block(_ b: [Stmt]) -> String { "[" + b.map(stmt).joined(separator: " ") + "]" }

    static func stmt(_ s: Stmt) -> String {
        switch s.kind {
        case .expr(let e, let suppressed): return suppressed ? "(expr; \(expr(e)))" : expr(e)
        case .assign(let t, let v): return "(= \(t.map(expr).joined(separator: " ")) \(expr(v)))"
        case .augAssign(let t, let op, let v): return "(\(op.rawValue)= \(expr(t)) \(expr(v)))"
        case .if(let branches, let orElse):
            return "(if " + branches.map { "\(expr($0.0)) \(block($0.1))" }.joined(separator: " ") + (orElse.isEmpty ? "" : " else \(block(orElse))") + ")"
        case .while(let c, let b): return "(while \(expr(c)) \(block(b)))"
        case .for(let t, let i, let b): return "(for \(expr(t)) \(expr(i)) \(block(b)))"
        case .break: return "break"
        case .continue: return "continue"
        case .pass: return "pass"
        case .return(let e): return e.map { "(return \(expr($0)))" } ?? "(return)"
        case .def(let d): return "(def \(d.name) (\(params(d.parameters))) \(block(d.body)))"
        case .assert(let c, let m): return "(assert \(expr(c))\(m.map { " " + expr($0) } ?? ""))"
        case .del(let t): return "(del \(t.map(expr).joined(separator: " ")))"
        case .with(let e, let b): return "(with \(expr(e)) \(block(b)))"
        }
    }

    static func params(_ ps: [Parameter]) -> String {
        ps.map { p in
            let prefix = p.kind == .star ? "*" : p.kind == .doubleStar ? "**" : ""
            return prefix + p.name + (p.defaultValue.map { "=" + expr($0) } ?? "")
        }.joined(separator: " ")
    }

    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n, _): return n
        case .int(let i): return String(i)
        case .float(let d): return "\(d)"
        case .string(let s): return "'\(s)'"
        case .fstring(let parts): return "(f " + parts.map(part).joined(separator: " ") + ")"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .ellipsis: return "..."
        case .list(let items): return "(list " + items.map(expr).joined(separator: " ") + ")"
        case .tuple(let items): return "(tuple" + items.map { " " + expr($0) }.joined() + ")"
        case .dict(let pairs): return "(dict" + pairs.map { " \(expr($0.0)):\(expr($0.1))" }.joined() + ")"
        case .starred(let x): return "(* \(expr(x)))"
        case .unary(let op, let x): return "(\(op.rawValue) \(expr(x)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(expr(a)) \(expr(b)))"
        case .and(let a, let b): return "(and \(expr(a)) \(expr(b)))"
        case .or(let a, let b): return "(or \(expr(a)) \(expr(b)))"
        case .not(let x): return "(not \(expr(x)))"
        case .compare(let first, let rest): return "(cmp \(expr(first))" + rest.map { " \($0.0.rawValue) \(expr($0.1))" }.joined() + ")"
        case .call(let f, let args):
            return "(call \(expr(f))" + args.map { a in
                switch a.kind {
                case .positional: return " " + expr(a.value)
                case .keyword(let k): return " \(k)=\(expr(a.value))"
                case .star: return " *\(expr(a.value))"
                case .doubleStar: return " **\(expr(a.value))"
                }
            }.joined() + ")"
        case .index(let a, let i): return "(index \(expr(a)) \(expr(i)))"
        case .slice(let a, let b, let c): return "(slice \(a.map(expr) ?? "_") \(b.map(expr) ?? "_") \(c.map(expr) ?? "_"))"
        case .attribute(let a, let n): return "(. \(expr(a)) \(n))"
        case .conditional(let t, let a, let b): return "(ifexp \(expr(t)) \(expr(a)) \(expr(b)))"
        case .lambda(let d): return "(lambda (\(params(d.parameters))) \(block(d.body)))"
        case .comprehension(let c):
            let head: String
            switch c.element {
            case .list(let x): head = "(listcomp \(expr(x))"
            case .dict(let k, let v): head = "(dictcomp \(expr(k)):\(expr(v))"
            }
            return head + c.clauses.map { clause in
                switch clause {
                case .for(let t, let i): return " for \(expr(t)) in \(expr(i))"
                case .if(let x): return " if \(expr(x))"
                }
            }.joined() + ")"
        }
    }

    static func part(_ p: FStringPart) -> String {
        switch p {
        case .literal(let s): return "'\(s)'"
        case .value(let e, let conversion, let spec):
            return "{\(expr(e))" + (conversion.map { "!\($0)" } ?? "") + (spec.isEmpty ? "" : ":" + spec.map(part).joined()) + "}"
        }
    }
}
