import JSON
/// What a language implements to be driven by the kernel (the shape of xeus's interpreter).
///
/// The kernel owns sockets, signing, the execution count, `execute_input`, busy/idle and the
/// replies; the backend only runs code and hands outputs to the `ExecutionContext` it is given.
/// Every method except `interrupt()` is called on the shell thread, one at a time.
public protocol KernelBackend: AnyObject {
    /// `language_info`, banner and help links for `kernel_info_reply`.
    var info: BackendInfo { get }

    /// Runs one cell. Outputs, errors and `input()` go through `context`; an error reported
    /// there makes the reply's status `error`.
    func execute(_ code: String, context: ExecutionContext)

    /// Completions at `cursorPosition` (in Unicode scalars, as the protocol counts since 5.2).
    func complete(_ code: String, cursorPosition: Int) -> Completion

    /// Help for the name at `cursorPosition`; nil when nothing is found.
    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> DisplayBundle?

    /// Whether `code` is ready to run, as a console decides between running and a new line.
    func isComplete(_ code: String) -> CodeCompleteness

    /// One of `execute_request`'s `user_expressions`, evaluated after the cell without output.
    func evaluate(_ expression: String) -> Result<DisplayBundle, ExecutionError>

    /// Asks the running cell to stop soon. Called from the control thread or the signal
    /// thread while `execute` runs on the shell thread: it must only set a flag.
    func interrupt()

    /// The kernel is about to exit (or be restarted by its manager).
    func shutdown(restart: Bool)

    /// The stack, in bytes, that `execute` needs on the thread calling it: the shell thread is
    /// started with it, so that a backend can run cells where they arrive without a hand-off.
    var executionStackSize: Int { get }

    /// Called once, before any request: the comms through which the backend opens its own
    /// comms and sends on them (widgets' models).
    func attach(comms: CommManager)

    /// The front end opened `comm` (`comm_open`): whether the backend has its target. A comm
    /// it refuses is closed at once, as the protocol asks.
    func commOpened(_ comm: Comm, data: CommData, context: ExecutionContext) -> Bool

    /// A `comm_msg` from the front end on an open comm. Outputs go through `context`, whose
    /// messages have the `comm_msg` as parent.
    func commMessage(_ comm: Comm, data: CommData, context: ExecutionContext)

    /// The front end closed `comm`.
    func commClosed(_ comm: Comm, data: CommData)
}

extension KernelBackend {
    /// The platform's default thread stack is enough.
    public var executionStackSize: Int { 0 }

    /// No comm targets: every comm the front end opens is closed.
    public func attach(comms: CommManager) {}
    public func commOpened(_ comm: Comm, data: CommData, context: ExecutionContext) -> Bool { false }
    public func commMessage(_ comm: Comm, data: CommData, context: ExecutionContext) {}
    public func commClosed(_ comm: Comm, data: CommData) {}
}

/// What a comm message from the front end carries: `content.data`, the metadata, and the
/// binary buffers of its last frames.
public struct CommData: Sendable {
    public var data: JSON
    public var metadata: JSON
    public var buffers: [[UInt8]]

    public init(data: JSON, metadata: JSON = [:], buffers: [[UInt8]] = []) {
        self.data = data
        self.metadata = metadata
        self.buffers = buffers
    }
}

/// The language's description of itself.
public struct BackendInfo: Sendable {
    public var implementation: String
    public var implementationVersion: String
    /// `language_info`: name, version, mimetype, file_extension, pygments_lexer, codemirror_mode…
    public var languageInfo: JSON
    public var banner: String
    public var helpLinks: [(text: String, url: String)]

    public init(implementation: String, implementationVersion: String, languageInfo: JSON,
                banner: String, helpLinks: [(text: String, url: String)] = []) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.languageInfo = languageInfo
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// A MIME bundle: `text/plain`, `text/html`, `image/png` (base64) … plus per-type metadata
/// such as a PNG's `width` and `height`.
public struct DisplayBundle: Equatable, Sendable {
    public var data: [String: JSON]
    public var metadata: [String: JSON]

    public init(data: [String: JSON], metadata: [String: JSON] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// A plain-text bundle.
    public init(text: String) { self.init(data: ["text/plain": .string(text)]) }
}

/// An error as the protocol shows it: name, message and the traceback lines (ANSI allowed).
public struct ExecutionError: Error, Equatable, Sendable {
    public var name: String
    public var value: String
    public var traceback: [String]

    public init(name: String, value: String, traceback: [String] = []) {
        self.name = name
        self.value = value
        self.traceback = traceback
    }
}

/// The candidates that replace `code[cursorStart..<cursorEnd]` (Unicode scalar offsets).
public struct Completion: Equatable, Sendable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
    public var metadata: [String: JSON]

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, metadata: [String: JSON] = [:]) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.metadata = metadata
    }
}

/// `is_complete_reply`'s status; `incomplete` carries the indent for the next line.
public enum CodeCompleteness: Equatable, Sendable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// Why `ExecutionContext.input` gave no answer.
public enum InputError: Error, Equatable {
    /// The request had `allow_stdin: false` (e.g. a notebook run without a human).
    case notAllowed
    /// The cell was interrupted while waiting.
    case interrupted
}
