/// One lexical token with its span in the cell.
struct Token {
    enum Kind: Equatable {
        case name, keyword, int, float, string, fstring, op, newline, indent, dedent, eof
    }

    var kind: Kind
    /// The name, keyword or operator; the decoded value of a string; the raw body of an f-string.
    var text: String
    var span: Span
    var intValue = 0
    var floatValue = 0.0
    /// For f-strings: the body split into literal text and fields.
    var segments: [FStringSegment] = []

    func isOp(_ s: String) -> Bool { kind == .op && text == s }
    func isKeyword(_ s: String) -> Bool { kind == .keyword && text == s }
}

/// A piece of an f-string's body as the lexer splits it: literal text with its escapes decoded,
/// or a replacement field whose expression the parser parses.
enum FStringSegment {
    case literal(String)
    /// `{expression!conversion:spec}`: the expression's text and the byte offset in the cell
    /// where it starts, so that its nodes keep real columns.
    case field(expression: String, at: Int, conversion: Character?, spec: [FStringSegment])
}

enum Keywords {
    static let all: Set<String> = [
        "and", "or", "not", "if", "elif", "else", "while", "for", "in", "break", "continue", "pass",
        "def", "return", "lambda", "assert", "del", "with", "True", "False", "None", "is",
        "class", "import", "from", "try", "except", "finally", "raise", "yield", "as", "global",
        "nonlocal", "async", "await",
    ]
    /// Python keywords that Descent reserves but does not implement, with the reason shown.
    static let unsupported: [String: String] = [
        "class": "classes are not part of Descent",
        "import": "imports are not part of Descent: every library name is built in",
        "from": "imports are not part of Descent: every library name is built in",
        "try": "exceptions cannot be caught in Descent",
        "except": "exceptions cannot be caught in Descent",
        "finally": "exceptions cannot be caught in Descent",
        "raise": "raising exceptions is not part of Descent (use assert)",
        "yield": "generators are not part of Descent",
        "async": "async code is not part of Descent",
        "await": "async code is not part of Descent",
        "global": "'global' is not part of Descent",
        "nonlocal": "'nonlocal' is not part of Descent",
        "as": "'as' is not part of Descent",
    ]
}
