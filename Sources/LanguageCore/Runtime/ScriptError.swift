import Interruption

/// An error the user sees: its kind (`NameError`, `SyntaxError`...), a message in the user's
/// terms, the innermost place it was raised and the call sites it passed through.
public struct ScriptError: Error, CustomStringConvertible {
    public var kind: String
    public var message: String
    var location: SourceLocation?
    /// Call sites, innermost first.
    var callers: [SourceLocation] = []
    /// Set for syntax errors caused only by the input ending early (an open bracket or block).
    var isIncompleteInput = false
    /// Set when the error leaves a function body, until the call site adds itself.
    var awaitingCallSite = false

    public init(_ kind: String, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Any error as the user sees it: the lower layers' errors (`EngineError`, which Engine,
    /// Learn and the memory and file checks throw) keep their kind and message; anything else
    /// is a RuntimeError.
    public init(converting error: Error) {
        switch error {
        case let e as ScriptError: self = e
        case let e as EngineError: self.init(e.kind, e.message)
        default: self.init("RuntimeError", "\(error)")
        }
    }

    init(_ kind: String, _ message: String, at span: Span, in source: SourceText, incomplete: Bool = false) {
        self.kind = kind
        self.message = message
        location = SourceLocation(source: source, span: span, function: "<module>")
        isIncompleteInput = incomplete
    }

    var isSyntaxError: Bool { ["SyntaxError", "IndentationError", "TabError"].contains(kind) }

    /// `Kind: message`, the last line of a traceback.
    public var description: String { message.isEmpty ? kind : "\(kind): \(message)" }

    /// The full traceback as lines: each frame with cell, line, column, source line and caret,
    /// outermost first, then `Kind: message`.
    public var tracebackLines: [String] {
        var lines: [String] = []
        let frames = callers.reversed() + (location.map { [$0] } ?? [])
        if !frames.isEmpty && !isSyntaxError {
            lines.append("Traceback (most recent call last):")
        }
        // As CPython does, a frame repeated more than three times in a row (runaway recursion)
        // is shown three times, then counted.
        var repeats = 0
        for (k, frame) in frames.enumerated() {
            repeats = frame.isSamePlace(as: k > 0 ? frames[k - 1] : nil) ? repeats + 1 : 0
            if repeats >= 3 {
                if !frame.isSamePlace(as: k + 1 < frames.count ? frames[k + 1] : nil) {
                    let more = repeats - 2
                    lines.append("  [Previous line repeated \(more) more time\(more == 1 ? "" : "s")]")
                }
                continue
            }
            let e = frame.source.excerpt(frame.span)
            let inFunction = isSyntaxError ? "" : ", in \(frame.function)"
            lines.append("  \(frame.source.name), line \(e.line), column \(e.column)\(inFunction)")
            let indent = e.text.prefix { $0 == " " || $0 == "\t" }.count
            lines.append("    " + e.text.dropFirst(indent))
            lines.append("    " + e.caret.dropFirst(min(indent, e.caret.prefix { $0 == " " }.count)))
        }
        lines.append(description)
        return lines
    }
}

extension ScriptError {
    package static func type(_ message: String) -> ScriptError { ScriptError("TypeError", message) }
    package static func value(_ message: String) -> ScriptError { ScriptError("ValueError", message) }
    package static func index(_ message: String) -> ScriptError { ScriptError("IndexError", message) }
    package static func key(_ message: String) -> ScriptError { ScriptError("KeyError", message) }
    package static func attribute(_ message: String) -> ScriptError { ScriptError("AttributeError", message) }
    package static func zeroDivision(_ message: String) -> ScriptError { ScriptError("ZeroDivisionError", message) }
    package static let interrupted = ScriptError("KeyboardInterrupt", "")
}
