import JSON
/// The `ExecutionContext` of one `execute_request`: turns a backend's outputs into IOPub
/// messages whose parent is the request, and remembers what the reply must say. Stream text
/// goes through the kernel's `StreamBuffer`, flushed before every other output so that the
/// front end sees everything in the order the cell produced it.
final class RequestContext: ExecutionContext {
    let executionCount: Int
    private let request: Message
    private let factory: MessageFactory
    private let publish: (Message) -> Void
    private let streams: StreamBuffer
    private let silent: Bool
    private let askInput: ((_ prompt: String, _ password: Bool) throws -> String)?

    private(set) var reportedError: ExecutionError?
    private(set) var resultText: String?
    private(set) var pages: [DisplayBundle] = []

    init(request: Message, executionCount: Int, silent: Bool, factory: MessageFactory,
         publish: @escaping (Message) -> Void, streams: StreamBuffer,
         askInput: ((_ prompt: String, _ password: Bool) throws -> String)?) {
        self.request = request
        self.executionCount = executionCount
        self.silent = silent
        self.factory = factory
        self.publish = publish
        self.streams = streams
        self.askInput = askInput
    }

    private func send(_ type: String, _ content: JSON) {
        guard !silent else { return }
        streams.flush()
        publish(factory.message(type, content: content, parent: request))
    }

    func stream(_ name: StreamName, _ text: String) {
        guard !silent else { return }
        streams.write(text, name: name, parent: request)
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
        streams.flush()
        return try askInput(prompt, password)
    }

    /// Sends the stream text still held, once the cell is done.
    func finish() { streams.flush() }

    static func bundleContent(_ bundle: DisplayBundle) -> [String: JSON] {
        ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
    }
}
