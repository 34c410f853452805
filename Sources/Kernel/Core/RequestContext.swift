import JSON
/// The `ExecutionContext` of one `execute_request`: turns a backend's outputs into IOPub
/// messages whose parent is the request, and remembers what the reply must say.
final class RequestContext: ExecutionContext {
    /// Stream text past this many bytes per cell is dropped, with a note at the end.
    static let streamLimit = 1 << 20

    let executionCount: Int
    private let request: Message
    private let factory: MessageFactory
    private let publish: (Message) -> Void
    private let silent: Bool
    private let askInput: ((_ prompt: String, _ password: Bool) throws -> String)?

    private(set) var reportedError: ExecutionError?
    private(set) var resultText: String?
    private(set) var pages: [DisplayBundle] = []
    private var streamBytes = 0
    private var droppedBytes = 0

    init(request: Message, executionCount: Int, silent: Bool, factory: MessageFactory,
         publish: @escaping (Message) -> Void,
         askInput: ((_ prompt: String, _ password: Bool) throws -> String)?) {
        self.request = request
        self.executionCount = executionCount
        self.silent = silent
        self.factory = factory
        self.publish = publish
        self.askInput = askInput
    }

    private func send(_ type: String, _ content: JSON) {
        guard !silent else { return }
        publish(factory.message(type, content: content, parent: request))
    }

    func stream(_ name: StreamName, _ text: String) {
        let size = text.utf8.count
        guard streamBytes + size <= Self.streamLimit else {
            let room = Self.streamLimit - streamBytes
            if room > 0 {
                let kept = String(decoding: text.utf8.prefix(room), as: UTF8.self)
                streamBytes += room
                droppedBytes += size - room
                send("stream", ["name": .string(name.rawValue), "text": .string(kept)])
            } else {
                droppedBytes += size
            }
            return
        }
        streamBytes += size
        send("stream", ["name": .string(name.rawValue), "text": .string(text)])
    }

    func display(_ bundle: DisplayBundle, id: String?) {
        var content = Self.bundleContent(bundle)
        if let id { content["transient"] = ["display_id": .string(id)] }
        send("display_data", .object(content))
    }

    func updateDisplay(_ bundle: DisplayBundle, id: String) {
        var content = Self.bundleContent(bundle)
        content["transient"] = ["display_id": .string(id)]
        send("update_display_data", .object(content))
    }

    func result(_ bundle: DisplayBundle) {
        resultText = bundle.data["text/plain"]?.stringValue
        var content = Self.bundleContent(bundle)
        content["execution_count"] = .int(executionCount)
        send("execute_result", .object(content))
    }

    func clearOutput(wait: Bool) { send("clear_output", ["wait": .bool(wait)]) }

    func error(_ error: ExecutionError) {
        reportedError = error
        send("error", [
            "ename": .string(error.name), "evalue": .string(error.value),
            "traceback": .array(error.traceback.map { .string($0) }),
        ])
    }

    func page(_ bundle: DisplayBundle) { pages.append(bundle) }

    func input(prompt: String, password: Bool) throws -> String {
        guard let askInput else { throw InputError.notAllowed }
        return try askInput(prompt, password)
    }

    /// Says how much stream text was cut, once the cell is done.
    func finish() {
        guard droppedBytes > 0 else { return }
        let note = "\n[output truncated: \(droppedBytes) bytes dropped past the \(Self.streamLimit >> 20) MB limit]\n"
        droppedBytes = 0
        send("stream", ["name": "stderr", "text": .string(note)])
    }

    static func bundleContent(_ bundle: DisplayBundle) -> [String: JSON] {
        ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
    }
}
