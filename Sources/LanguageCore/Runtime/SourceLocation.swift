/// A place in the code: a span of one cell's source, inside a named function. An error carries
/// the place it was raised and each call site it passed; a compiled node keeps the place it
/// reports errors from. A class, so a node captures one reference instead of five words.
final class SourceLocation: Sendable {
    let source: SourceText
    let span: Span
    let function: String

    init(source: SourceText, span: Span, function: String) {
        self.source = source
        self.span = span
        self.function = function
    }

    /// The same code at another span.
    func at(_ span: Span) -> SourceLocation { SourceLocation(source: source, span: span, function: function) }

    func isSamePlace(as other: SourceLocation?) -> Bool {
        guard let other else { return false }
        return source === other.source && span == other.span && function == other.function
    }

    /// The error located here: a script error gets this place if it has none yet, or this call
    /// site when it is leaving a function; engine and other errors become script errors.
    @inline(never)
    func locate(_ error: Error) -> Error {
        var e = ScriptError(converting: error)
        if e.location == nil {
            e.location = self
        } else if e.awaitingCallSite {
            e.callers.append(self)
        }
        e.awaitingCallSite = false
        return e
    }
}
