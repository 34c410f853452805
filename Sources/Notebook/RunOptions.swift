/// How `descent run` executes a notebook.
public struct RunOptions {
    /// Seconds a cell may run before it is interrupted and counted as failed; nil is no limit.
    public var timeout: Double?
    /// Keep going after a failing cell (the error stays in the cell's outputs).
    public var allowErrors = false
    /// papermill-style parameters, injected after the cell tagged `parameters`.
    public var parameters: [Parameter] = []

    public init(timeout: Double? = nil, allowErrors: Bool = false, parameters: [Parameter] = []) {
        self.timeout = timeout
        self.allowErrors = allowErrors
        self.parameters = parameters
    }
}
