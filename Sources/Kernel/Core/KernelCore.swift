import Synchronization
import JSON

/// The channel a request came in on; each has its own dispatch table.
public enum Channel: String, Sendable {
    case shell, control
}

/// Sends an `input_request` on the stdin channel and waits for the matching `input_reply`.
public protocol InputRequester: AnyObject {
    /// The reply's `value`; throws `InputError.interrupted` when `isInterrupted()` turns true.
    func ask(_ request: Message, isInterrupted: () -> Bool) throws -> String
}

/// The message handlers: a dispatch table from message type to handler that owns the
/// execution count, the history, `execute_input` and the busy/idle status around every
/// request, so that no backend has to. Knows no sockets: replies are returned, IOPub
/// messages go to `publish`.
///
/// Sendable by its threads' discipline, not the compiler's: the shell-thread state below is
/// touched only by the shell thread, what the control thread also reaches is an `Atomic` or a
/// `Mutex`, and the rest is immutable after `init`.
public final class KernelCore: @unchecked Sendable {
    typealias Handler = @Sendable (KernelCore) -> (Message) -> Message?

    private let backend: KernelBackend
    public let factory: MessageFactory
    private let publish: (Message) -> Void
    /// The stream text of running cells, batched (see `StreamBuffer`).
    private let streams: StreamBuffer
    private let input: InputRequester?
    private let log: (String) -> Void
    /// The open comms; the backend sends on them.
    public let comms: CommManager

    // Shell-thread state.
    private var executionCount = 0
    private var history = History()
    /// Set when a cell fails with `stop_on_error`; queued execute requests are then aborted.
    public private(set) var isAborting = false

    // Shared between threads.
    private let interruptRequested = Atomic<Bool>(false)
    private let shutdownState = Mutex<Bool?>(nil)

    private static let shellHandlers: [String: Handler] = [
        "execute_request": { $0.execute },
        "kernel_info_request": { $0.kernelInfo },
        "complete_request": { $0.complete },
        "inspect_request": { $0.inspect },
        "is_complete_request": { $0.isComplete },
        "history_request": { $0.history },
        "comm_info_request": { $0.commInfo },
        "comm_open": { $0.commOpen },
        "comm_msg": { $0.commMessage },
        "comm_close": { $0.commClose },
    ]

    private static let controlHandlers: [String: Handler] = [
        "kernel_info_request": { $0.kernelInfo },
        "interrupt_request": { $0.interruptRequest },
        "shutdown_request": { $0.shutdown },
    ]

    public init(backend: KernelBackend, factory: MessageFactory = MessageFactory(),
                publish: @escaping (Message) -> Void, input: InputRequester?,
                log: @escaping (String) -> Void = { _ in }) {
        self.backend = backend
        self.factory = factory
        self.publish = publish
        streams = StreamBuffer(factory: factory, publish: publish)
        self.input = input
        self.log = log
        // Text printed before a comm message goes out before it.
        comms = CommManager(factory: factory, publish: { [streams] in streams.flush(); publish($0) })
        backend.attach(comms: comms)
    }

    /// `status: starting`, once, when the sockets are up.
    public func announceStart() {
        publish(factory.message("status", content: ["execution_state": "starting"], parent: nil))
    }

    /// Handles one verified request: busy, the handler's IOPub output, the reply (through
    /// `send`, when the message type has one), then idle, in the order ipykernel keeps.
    /// On shell, `beforeIdle` runs last, still inside the request (`runDeferredWork`).
    public func handle(_ request: Message, on channel: Channel, send: (Message) -> Void,
                       beforeIdle: () -> Void = {}) {
        publishStatus("busy", parent: request)
        defer { publishStatus("idle", parent: request) }
        if channel == .shell { comms.parent = request }
        if let reply = reply(to: request, on: channel) { send(reply) }
        if channel == .shell { beforeIdle() }
    }

    private func reply(to request: Message, on channel: Channel) -> Message? {
        let table = channel == .shell ? Self.shellHandlers : Self.controlHandlers
        guard let handler = table[request.type] else {
            log("unknown message type '\(request.type)' on \(channel.rawValue)")
            guard request.type.hasSuffix("_request") else { return nil }
            let replyType = String(request.type.dropLast("_request".count)) + "_reply"
            return errorReply(replyType, to: request, ExecutionError(
                name: "UnknownMessageType", value: "this kernel does not handle '\(request.type)'"))
        }
        return handler(self)(request)
    }

    /// Whether the backend deferred work until the shell is idle (`CommManager.whenIdle`).
    public var hasDeferredWork: Bool { comms.hasDeferredWork }

    /// Runs the oldest deferred work inside the shell request being handled (from its
    /// `beforeIdle`), its outputs parented to that request: a front end listens to a request
    /// only until its idle (JupyterLab drops what comes after, so an Output widget capturing
    /// the request would never see a re-run's figure).
    public func runDeferredWork() {
        guard let parent = comms.parent, let work = comms.takeDeferredWork() else { return }
        let context = commContext(parent)
        work(context)
        context.finish()
    }

    /// Sends the stream text a running cell printed last, which the batching still holds:
    /// before the process exits on a shutdown, so nothing printed is lost.
    public func flushStreams() { streams.flush() }

    /// Ends the abort of queued cells that `stop_on_error` started, once they are drained.
    public func finishAborting() { isAborting = false }

    /// Interrupts the running cell (or a pending `input()`); the kernel keeps its state.
    /// Safe from any thread.
    public func interrupt() {
        interruptRequested.store(true, ordering: .relaxed)
        backend.interrupt()
    }

    /// Set once a `shutdown_request` was answered: whether the manager will restart us.
    public var shutdownRequested: Bool? { shutdownState.withLock { $0 } }

    private func publishStatus(_ state: String, parent: Message) {
        publish(factory.message("status", content: ["execution_state": .string(state)], parent: parent))
    }

    private func reply(_ request: Message, _ content: JSON) -> Message {
        let type = String(request.type.dropLast("_request".count)) + "_reply"
        return factory.message(type, content: content, parent: request)
    }

    private func errorReply(_ type: String, to request: Message, _ error: ExecutionError,
                            extra: [String: JSON] = [:]) -> Message {
        var content: [String: JSON] = [
            "status": "error", "ename": .string(error.name), "evalue": .string(error.value),
            "traceback": .array(error.traceback.map { .string($0) }),
        ]
        content.merge(extra) { _, new in new }
        return factory.message(type, content: .object(content), parent: request)
    }

    private func missingField(_ request: Message, _ field: String) -> Message {
        log("\(request.type) without a valid '\(field)'")
        return errorReply(String(request.type.dropLast("_request".count)) + "_reply", to: request,
                          ExecutionError(name: "BadRequest", value: "'\(field)' is missing or has the wrong type"))
    }

    // MARK: - Handlers

    private func execute(_ request: Message) -> Message? {
        let content = request.content
        guard let code = content["code"].stringValue else { return missingField(request, "code") }
        if isAborting {
            return factory.message("execute_reply", content: ["status": "aborted", "execution_count": .int(executionCount)],
                                   parent: request, metadata: ["status": "aborted"])
        }
        let silent = content["silent"].boolValue ?? false
        let storeHistory = !silent && (content["store_history"].boolValue ?? true)
        let allowStdin = content["allow_stdin"].boolValue ?? true
        let stopOnError = content["stop_on_error"].boolValue ?? true
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent {
            publish(factory.message("execute_input", content: ["code": .string(code), "execution_count": .int(count)],
                                    parent: request))
        }
        interruptRequested.store(false, ordering: .relaxed)
        let context = RequestContext(
            request: request, executionCount: count, silent: silent, factory: factory, publish: publish,
            streams: streams, askInput: allowStdin ? { [unowned self] prompt, password in
                try self.askInput(prompt: prompt, password: password, parent: request)
            } : nil)
        backend.execute(code, context: context)
        context.finish()

        var expressions: [String: JSON] = [:]
        for (name, expression) in content["user_expressions"].objectValue ?? [:] {
            expressions[name] = evaluate(expression.stringValue ?? "")
        }
        if storeHistory { history.record(line: count, input: code, output: context.resultText) }

        if let error = context.reportedError {
            // As ipykernel: a silent cell (a front end's own query) never aborts the user's queue.
            if stopOnError && !silent { isAborting = true }
            return errorReply("execute_reply", to: request, error,
                              extra: ["execution_count": .int(count), "user_expressions": .object(expressions),
                                      "payload": []])
        }
        let payload: [JSON] = context.pages.map {
            ["source": "page", "data": .object($0.data), "start": 0]
        }
        return reply(request, [
            "status": "ok", "execution_count": .int(count), "user_expressions": .object(expressions),
            "payload": .array(payload),
        ])
    }

    private func evaluate(_ expression: String) -> JSON {
        switch backend.evaluate(expression) {
        case .success(let bundle):
            return ["status": "ok", "data": .object(bundle.data), "metadata": .object(bundle.metadata)]
        case .failure(let error):
            return ["status": "error", "ename": .string(error.name), "evalue": .string(error.value),
                    "traceback": .array(error.traceback.map { .string($0) })]
        }
    }

    private func askInput(prompt: String, password: Bool, parent: Message) throws -> String {
        guard let input else { throw InputError.notAllowed }
        let request = factory.message("input_request", content: ["prompt": .string(prompt), "password": .bool(password)],
                                      parent: parent)
        return try input.ask(request) { interruptRequested.load(ordering: .relaxed) }
    }

    private func kernelInfo(_ request: Message) -> Message? {
        let info = backend.info
        return reply(request, [
            "status": "ok", "protocol_version": .string(protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": info.languageInfo, "banner": .string(info.banner),
            "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
        ])
    }

    private func complete(_ request: Message) -> Message? {
        guard let code = request.content["code"].stringValue else { return missingField(request, "code") }
        let cursor = request.content["cursor_pos"].intValue ?? code.unicodeScalars.count
        let completion = backend.complete(code, cursorPosition: cursor)
        return reply(request, [
            "status": "ok", "matches": .array(completion.matches.map { .string($0) }),
            "cursor_start": .int(completion.cursorStart), "cursor_end": .int(completion.cursorEnd),
            "metadata": .object(completion.metadata),
        ])
    }

    private func inspect(_ request: Message) -> Message? {
        guard let code = request.content["code"].stringValue else { return missingField(request, "code") }
        let cursor = request.content["cursor_pos"].intValue ?? code.unicodeScalars.count
        let level = request.content["detail_level"].intValue ?? 0
        let found = backend.inspect(code, cursorPosition: cursor, detailLevel: level)
        return reply(request, [
            "status": "ok", "found": .bool(found != nil), "data": .object(found?.data ?? [:]),
            "metadata": .object(found?.metadata ?? [:]),
        ])
    }

    private func isComplete(_ request: Message) -> Message? {
        guard let code = request.content["code"].stringValue else { return missingField(request, "code") }
        switch backend.isComplete(code) {
        case .complete: return reply(request, ["status": "complete"])
        case .incomplete(let indent): return reply(request, ["status": "incomplete", "indent": .string(indent)])
        case .invalid: return reply(request, ["status": "invalid"])
        case .unknown: return reply(request, ["status": "unknown"])
        }
    }

    private func history(_ request: Message) -> Message? {
        let content = request.content
        let withOutput = content["output"].boolValue ?? false
        let entries: [History.Entry]
        switch content["hist_access_type"].stringValue ?? "tail" {
        case "tail":
            entries = history.tail(content["n"].intValue ?? 10)
        case "range":
            entries = history.range(session: content["session"].intValue ?? 0, start: content["start"].intValue ?? 0,
                                    stop: content["stop"].intValue)
        case "search":
            entries = history.search(pattern: content["pattern"].stringValue ?? "*", n: content["n"].intValue,
                                     unique: content["unique"].boolValue ?? false)
        default:
            return missingField(request, "hist_access_type")
        }
        let items: [JSON] = entries.map { entry in
            let input = JSON.string(entry.input)
            let payload: JSON = withOutput ? [input, entry.output.map { .string($0) } ?? .null] : input
            return [.int(History.session), .int(entry.line), payload]
        }
        return reply(request, ["status": "ok", "history": .array(items)])
    }

    /// The open comms, those of `target_name` only when the request names one.
    private func commInfo(_ request: Message) -> Message? {
        var listed: [String: JSON] = [:]
        for comm in comms.open(target: request.content["target_name"].stringValue) {
            listed[comm.id] = ["target_name": .string(comm.targetName)]
        }
        return reply(request, ["status": "ok", "comms": .object(listed)])
    }

    /// A comm for a target the backend does not have is closed at once, as the protocol asks.
    private func commOpen(_ request: Message) -> Message? {
        let content = request.content
        guard let id = content["comm_id"].stringValue, let target = content["target_name"].stringValue else {
            comms.refuse(id: content["comm_id"])
            return nil
        }
        let comm = Comm(id: id, targetName: target)
        let context = commContext(request)
        if backend.commOpened(comm, data: commData(request), context: context) {
            comms.opened(comm)
        } else {
            log("comm_open for unknown target '\(target)'")
            comms.refuse(id: .string(id))
        }
        context.finish()
        return nil
    }

    private func commMessage(_ request: Message) -> Message? {
        guard let id = request.content["comm_id"].stringValue, let comm = comms.comm(id: id) else {
            log("comm_msg for a comm that is not open")
            return nil
        }
        let context = commContext(request)
        backend.commMessage(comm, data: commData(request), context: context)
        context.finish()
        return nil
    }

    private func commClose(_ request: Message) -> Message? {
        guard let id = request.content["comm_id"].stringValue, let comm = comms.closed(id: id) else { return nil }
        backend.commClosed(comm, data: commData(request))
        return nil
    }

    private func commData(_ request: Message) -> CommData {
        CommData(data: request.content["data"], metadata: request.metadata, buffers: request.buffers)
    }

    /// Outputs of a comm handler (a widget callback) have the comm message as parent.
    private func commContext(_ request: Message) -> RequestContext {
        RequestContext(request: request, executionCount: executionCount, silent: false, factory: factory,
                       publish: publish, streams: streams, askInput: nil)
    }

    private func interruptRequest(_ request: Message) -> Message? {
        interrupt()
        return reply(request, ["status": "ok"])
    }

    private func shutdown(_ request: Message) -> Message? {
        let restart = request.content["restart"].boolValue ?? false
        backend.shutdown(restart: restart)
        shutdownState.withLock { $0 = restart }
        return reply(request, ["status": "ok", "restart": .bool(restart)])
    }
}
