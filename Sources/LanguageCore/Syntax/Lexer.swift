/// Turns a cell's text into tokens: Python's line structure (INDENT/DEDENT, implicit joining
/// inside brackets, backslash continuation), numbers, strings and f-strings.
struct Lexer {
    private let source: SourceText
    private let b: [UInt8]
    private var i = 0
    private var tokens: [Token] = []
    private var indents: [[UInt8]] = [[]]
    private var brackets: [(UInt8, Int)] = []
    private var atLineStart = true

    init(_ source: SourceText) {
        self.source = source
        b = source.bytes
    }

    static func tokenize(_ source: SourceText) throws -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private func error(_ message: String, _ start: Int, _ end: Int? = nil, kind: String = "SyntaxError",
                       incomplete: Bool = false) -> ScriptError {
        ScriptError(kind, message, at: Span(start, end ?? start + 1), in: source, incomplete: incomplete)
    }

    private func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }

    private mutating func add(_ kind: Token.Kind, _ text: String, _ start: Int) {
        tokens.append(Token(kind: kind, text: text, span: Span(start, i)))
    }

    private mutating func run() throws -> [Token] {
        while i < b.count {
            if atLineStart && brackets.isEmpty {
                try indentation()
                if i >= b.count { break }
            }
            let c = b[i]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\u{0C}"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "#"):
                while i < b.count && b[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\n"):
                if brackets.isEmpty {
                    if let last = tokens.last, last.kind != .newline {
                        tokens.append(Token(kind: .newline, text: "\n", span: Span(i, i + 1)))
                    }
                    atLineStart = true
                }
                i += 1
            case UInt8(ascii: "\\"):
                var j = i + 1
                while j < b.count && (b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "\r")) { j += 1 }
                if j >= b.count { throw error("unexpected end of input after line continuation", i, incomplete: true) }
                guard b[j] == UInt8(ascii: "\n") else { throw error("unexpected character after line continuation character", i) }
                i = j + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            case UInt8(ascii: "."):
                if peek(1) >= UInt8(ascii: "0") && peek(1) <= UInt8(ascii: "9") { try number() } else { try op() }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                try string(prefix: [], start: i)
            default:
                if isNameStart(c) {
                    let start = i
                    while i < b.count && isNameChar(b[i]) { i += 1 }
                    let word = String(decoding: b[start..<i], as: UTF8.self)
                    let lower = word.lowercased()
                    if i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'"),
                       ["f", "r", "rf", "fr", "b", "rb", "br"].contains(lower) {
                        try string(prefix: Set(lower), start: start)
                    } else {
                        add(Keywords.all.contains(word) ? .keyword : .name, word, start)
                    }
                } else {
                    try op()
                }
            }
        }
        if let (open, at) = brackets.last {
            throw error("'\(Character(Unicode.Scalar(open)))' was never closed", at, incomplete: true)
        }
        if let last = tokens.last, last.kind != .newline {
            tokens.append(Token(kind: .newline, text: "", span: Span(b.count, b.count)))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, text: "", span: Span(b.count, b.count)))
        }
        tokens.append(Token(kind: .eof, text: "", span: Span(b.count, b.count)))
        return tokens
    }

    private func isNameStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 0x80
    }

    private func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 48 && c <= 57) }

    /// A number literal's digits without the `_` separators (`1_000` is `1000`).
    private func withoutUnderscores(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.lazy.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    /// Measures a logical line's indentation and emits INDENT/DEDENT; skips blank and comment lines.
    private mutating func indentation() throws {
        let start = i
        while i < b.count && (b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t")) { i += 1 }
        if i >= b.count { return }
        if b[i] == UInt8(ascii: "\n") || b[i] == UInt8(ascii: "#") || b[i] == UInt8(ascii: "\r") { return }
        atLineStart = false
        let indent = Array(b[start..<i])
        if indent.contains(UInt8(ascii: " ")) && indent.contains(UInt8(ascii: "\t")) {
            throw error("inconsistent use of tabs and spaces in indentation", start, i, kind: "TabError")
        }
        let current = indents[indents.count - 1]
        if indent == current { return }
        if indent.count > current.count {
            guard Array(indent.prefix(current.count)) == current else {
                throw error("inconsistent use of tabs and spaces in indentation", start, i, kind: "TabError")
            }
            indents.append(indent)
            tokens.append(Token(kind: .indent, text: "", span: Span(start, i)))
            return
        }
        while indents.count > 1 && indents[indents.count - 1].count > indent.count {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, text: "", span: Span(i, i)))
        }
        if indents[indents.count - 1] != indent {
            if indents[indents.count - 1].count == indent.count {
                throw error("inconsistent use of tabs and spaces in indentation", start, i, kind: "TabError")
            }
            throw error("unindent does not match any outer indentation level", start, i, kind: "IndentationError")
        }
    }

    private mutating func number() throws {
        let start = i
        func digits(_ ok: (UInt8) -> Bool) { while i < b.count && (ok(b[i]) || b[i] == UInt8(ascii: "_")) { i += 1 } }
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        if b[i] == UInt8(ascii: "0"), let radixChar = Optional(peek(1) | 0x20),
           radixChar == UInt8(ascii: "x") || radixChar == UInt8(ascii: "b") || radixChar == UInt8(ascii: "o") {
            i += 2
            let radix = radixChar == UInt8(ascii: "x") ? 16 : radixChar == UInt8(ascii: "b") ? 2 : 8
            let digitsStart = i
            digits { isNameChar($0) }
            let text = withoutUnderscores(b[digitsStart..<i])
            guard let v = Int(text, radix: radix) else { throw error("invalid number literal", start, i) }
            var t = Token(kind: .int, text: String(decoding: b[start..<i], as: UTF8.self), span: Span(start, i))
            t.intValue = v
            tokens.append(t)
            return
        }
        var isFloat = false
        digits(isDigit)
        if i < b.count && b[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            digits(isDigit)
        }
        if i < b.count && (b[i] | 0x20) == UInt8(ascii: "e") {
            let save = i
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            if i < b.count && isDigit(b[i]) { isFloat = true; digits(isDigit) } else { i = save }
        }
        if i < b.count && isNameStart(b[i]) {
            while i < b.count && isNameChar(b[i]) { i += 1 }
            throw error("invalid number literal", start, i)
        }
        let text = withoutUnderscores(b[start..<i])
        var t = Token(kind: isFloat ? .float : .int, text: text, span: Span(start, i))
        if isFloat {
            guard let v = Double(text) else { throw error("invalid number literal", start, i) }
            t.floatValue = v
        } else {
            guard let v = Int(text) else { throw error("integer literal too large: \(text)", start, i) }
            t.intValue = v
        }
        tokens.append(t)
    }

    private mutating func string(prefix: Set<Character>, start: Int) throws {
        let quote = b[i]
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        let bodyStart = i
        let raw = prefix.contains("r"), isF = prefix.contains("f")
        var out: [UInt8] = []
        while true {
            guard i < b.count else {
                throw error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
                            start, i, incomplete: triple)
            }
            let c = b[i]
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) { break }
            if c == UInt8(ascii: "\n") && !triple { throw error("unterminated string literal", start, i) }
            if c == UInt8(ascii: "\\") && i + 1 < b.count {
                if raw || isF {
                    out.append(c)
                    out.append(b[i + 1])
                    i += 2
                    continue
                }
                i += 1
                try escape(into: &out)
                continue
            }
            out.append(c)
            i += 1
        }
        let bodyEnd = i
        guard isF else {
            i += triple ? 3 : 1
            tokens.append(Token(kind: .string, text: String(decoding: out, as: UTF8.self), span: Span(start, i)))
            return
        }
        let segments = try fstringSegments(bodyStart, bodyEnd, raw: raw)
        i = bodyEnd + (triple ? 3 : 1)
        var t = Token(kind: .fstring, text: String(decoding: b[bodyStart..<bodyEnd], as: UTF8.self), span: Span(start, i))
        t.segments = segments
        tokens.append(t)
    }

    /// Splits the f-string body `b[start..<end]` into literal text, whose escapes `escape`
    /// decodes as in any other string, and `{expression!conversion:spec}` fields.
    private mutating func fstringSegments(_ start: Int, _ end: Int, raw: Bool) throws -> [FStringSegment] {
        var segments: [FStringSegment] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { segments.append(.literal(String(decoding: literal, as: UTF8.self))) }
            literal = []
        }
        i = start
        while i < end {
            let c = b[i]
            if c == UInt8(ascii: "{") {
                if i + 1 < end && b[i + 1] == UInt8(ascii: "{") { literal.append(c); i += 2; continue }
                flush()
                let fieldStart = i
                var depth = 0, j = i + 1
                var quote: UInt8 = 0
                var exprEnd = -1, convAt = -1
                while j < end {
                    let d = b[j]
                    if quote != 0 { if d == quote { quote = 0 }; j += 1; continue }
                    if d == UInt8(ascii: "'") || d == UInt8(ascii: "\"") { quote = d }
                    else if d == UInt8(ascii: "(") || d == UInt8(ascii: "[") || d == UInt8(ascii: "{") { depth += 1 }
                    else if d == UInt8(ascii: ")") || d == UInt8(ascii: "]") || (d == UInt8(ascii: "}") && depth > 0) { depth -= 1 }
                    else if depth == 0 && d == UInt8(ascii: "!") && j + 1 < end && b[j + 1] != UInt8(ascii: "=") && convAt < 0 {
                        convAt = j
                    } else if depth == 0 && (d == UInt8(ascii: ":") || d == UInt8(ascii: "}")) {
                        exprEnd = j
                        break
                    }
                    j += 1
                }
                guard exprEnd >= 0 else { throw error("f-string: expecting '}'", fieldStart, end) }
                let expression = String(decoding: b[(i + 1)..<(convAt >= 0 ? convAt : exprEnd)], as: UTF8.self)
                let conversion = convAt >= 0 ? Character(Unicode.Scalar(b[convAt + 1])) : nil
                var spec: [FStringSegment] = []
                var k = exprEnd
                if b[exprEnd] == UInt8(ascii: ":") {
                    var specDepth = 0
                    k = exprEnd + 1
                    while k < end && !(b[k] == UInt8(ascii: "}") && specDepth == 0) {
                        if b[k] == UInt8(ascii: "{") { specDepth += 1 } else if b[k] == UInt8(ascii: "}") { specDepth -= 1 }
                        k += 1
                    }
                    guard k < end else { throw error("f-string: expecting '}'", fieldStart, end) }
                    spec = try fstringSegments(exprEnd + 1, k, raw: raw)
                }
                segments.append(.field(expression: expression, at: fieldStart + 1, conversion: conversion, spec: spec))
                i = k + 1
            } else if c == UInt8(ascii: "}") {
                if i + 1 < end && b[i + 1] == UInt8(ascii: "}") { literal.append(c); i += 2; continue }
                throw error("f-string: single '}' is not allowed", i, i + 1)
            } else if c == UInt8(ascii: "\\") && !raw && i + 1 < end {
                i += 1
                try escape(into: &literal)
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return segments
    }

    /// Decodes one backslash escape (the backslash is already consumed): the one routine for
    /// strings and the literal text of f-strings.
    private mutating func escape(into out: inout [UInt8]) throws {
        let c = b[i]
        i += 1
        func put(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        switch c {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(c)
        case UInt8(ascii: "\n"): break
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = c == UInt8(ascii: "x") ? 2 : c == UInt8(ascii: "u") ? 4 : 8
            guard i + n <= b.count, let v = UInt32(String(decoding: b[i..<i + n], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(v) else {
                throw error("invalid \\\(Character(Unicode.Scalar(c))) escape", i - 2, i + n)
            }
            i += n
            put(String(Character(scalar)))
        default:
            out.append(UInt8(ascii: "\\"))
            out.append(c)
        }
    }

    /// Every operator with its bytes, longest first, so that `**=` is not read as `**` and `=`.
    private static let operators: [(text: String, bytes: [UInt8])] = [
        "**=", "//=", "...", ">>=", "<<=", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
        "%=", "@=", "&=", "|=", "^=", "<<", ">>", "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")",
        "[", "]", "{", "}", ",", ":", ".", ";", "~", "&", "|", "^",
    ].sorted { $0.count > $1.count }.map { ($0, Array($0.utf8)) }

    private mutating func op() throws {
        let start = i
        for (candidate, u) in Lexer.operators {
            if i + u.count <= b.count && b[i..<i + u.count].elementsEqual(u) {
                i += u.count
                switch candidate {
                case "(", "[", "{": brackets.append((u[0], start))
                case ")", "]", "}":
                    let open: UInt8 = candidate == ")" ? 40 : candidate == "]" ? 91 : 123
                    guard let last = brackets.last else { throw error("unmatched '\(candidate)'", start) }
                    guard last.0 == open else {
                        throw error("closing parenthesis '\(candidate)' does not match opening parenthesis '\(Character(Unicode.Scalar(last.0)))'", start)
                    }
                    brackets.removeLast()
                default: break
                }
                add(.op, candidate, start)
                return
            }
        }
        let scalarEnd = min(b.count, i + 1)
        throw error("invalid character '\(String(decoding: b[i..<scalarEnd], as: UTF8.self))'", start)
    }
}
