/// What running a cell shows, in order. The kernel turns these into IOPub messages, the REPL
/// into terminal text and files, the notebook runner into nbformat outputs.
public enum Output: Equatable, Sendable {
    /// Text on `stdout` or `stderr`.
    case stream(name: String, text: String)
    /// A rich value shown now (`display(x)`, figures); `id` lets later updates replace it.
    case display(MimeBundle, id: String?)
    /// Replaces what an earlier `display` with this id showed (progress bars).
    case updateDisplay(MimeBundle, id: String)
    /// The value of the cell's last expression.
    case result(MimeBundle, executionCount: Int?)
    /// The error that stopped the cell: kind, message, and the traceback lines (with the
    /// source line and caret), as Jupyter's `ename`, `evalue` and `traceback`.
    case error(name: String, value: String, traceback: [String])
    /// Clears the cell's output (now, or when the next output arrives if `wait`).
    case clear(wait: Bool)
}
