/// The callbacks through which a running cell's outputs leave, injected into
/// `KernelBackend.execute` so that the backend never touches a socket.
public protocol ExecutionContext: AnyObject {
    /// The number this cell shows as `In [n]`.
    var executionCount: Int { get }

    func stream(_ name: StreamName, _ text: String)
    /// A `display_data`; `id` makes it updatable in place.
    func display(_ bundle: DisplayBundle, id: String?)
    /// Replaces every display shown with `id`.
    func updateDisplay(_ bundle: DisplayBundle, id: String)
    /// The cell's value (`Out [n]`).
    func result(_ bundle: DisplayBundle)
    func clearOutput(wait: Bool)
    /// Reports the error that ended the cell; the reply's status becomes `error`.
    func error(_ error: ExecutionError)
    /// Shows `bundle` in the front end's pager (a help page), as the `page` payload.
    func page(_ bundle: DisplayBundle)
    /// Asks the front end for a line of input and blocks until it answers.
    func input(prompt: String, password: Bool) throws -> String
}

/// The two text streams of a cell.
public enum StreamName: String, Sendable {
    case stdout, stderr
}
