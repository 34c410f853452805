import JSON
import Synchronization
@testable import Kernel

/// A scripted backend: each cell's code names what it does, so tests state the outputs they
/// expect without any language.
final class MockBackend: KernelBackend {
    var interrupts = 0
    var shutdowns: [Bool] = []
    var inputs: [String] = []

    let info = BackendInfo(
        implementation: "mock", implementationVersion: "1.0",
        languageInfo: ["name": "mock", "version": "1", "mimetype": "text/plain", "file_extension": ".mock"],
        banner: "Mock", helpLinks: [(text: "Docs", url: "https://example.org")])

    func execute(_ code: String, context: ExecutionContext) {
        switch code {
        case "hello": context.stream(.stdout, "hello, world\n")
        case "value": context.result(DisplayBundle(text: "42"))
        case "fail": context.error(ExecutionError(name: "ValueError", value: "bad", traceback: ["line 1"]))
        case "mixed":
            context.stream(.stdout, "a")
            context.stream(.stdout, "b")
            context.display(DisplayBundle(text: "shown"), id: nil)
            context.stream(.stdout, "c")
            context.stream(.stderr, "d")
            context.result(DisplayBundle(text: "42"))
        case "print then ask":
            context.stream(.stdout, "your name, please\n")
            fallthrough
        case "ask":
            do { inputs.append(try context.input(prompt: "name? ", password: false)) } catch {
                context.error(ExecutionError(name: "InputError", value: "\(error)"))
            }
        case "progress":
            context.display(DisplayBundle(text: "0%"), id: "bar")
            context.updateDisplay(DisplayBundle(text: "100%"), id: "bar")
            context.clearOutput(wait: true)
        case "help": context.page(DisplayBundle(text: "the help page"))
        case "flood":
            let line = String(repeating: "x", count: 1023) + "\n"
            for _ in 0..<1100 { context.stream(.stdout, line) }
        default: context.stream(.stderr, "ran \(code)")
        }
    }

    func complete(_ code: String, cursorPosition: Int) -> Completion {
        Completion(matches: ["print", "println"], cursorStart: 0, cursorEnd: cursorPosition)
    }

    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> DisplayBundle? {
        code == "print" ? DisplayBundle(text: "print(x): writes x") : nil
    }

    func isComplete(_ code: String) -> CodeCompleteness {
        code.hasSuffix(":") ? .incomplete(indent: "    ") : .complete
    }

    func evaluate(_ expression: String) -> Result<DisplayBundle, ExecutionError> {
        expression == "x" ? .success(DisplayBundle(text: "1")) : .failure(ExecutionError(name: "NameError", value: expression))
    }

    func interrupt() { interrupts += 1 }
    func shutdown(restart: Bool) { shutdowns.append(restart) }
}

/// The mock transport: records what the core publishes and answers `input_request`s.
/// `publish` may be called from the stream buffer's timer thread, hence the lock around what
/// it records; everything else is touched only by the test's own thread.
final class MockTransport: InputRequester, @unchecked Sendable {
    private let log = Mutex<[Message]>([])
    var published: [Message] { log.withLock { $0 } }
    var inputRequests: [Message] = []
    /// How many messages were published when each input request was made.
    var publishedBeforeInput: [Int] = []
    var answer: String? = "Ada"

    func publish(_ message: Message) { log.withLock { $0.append(message) } }

    func ask(_ request: Message, isInterrupted: () -> Bool) throws -> String {
        inputRequests.append(request)
        publishedBeforeInput.append(published.count)
        guard let answer else { throw InputError.interrupted }
        return answer
    }

    /// The types of the published messages, with status messages as `status:<state>`.
    var publishedTypes: [String] {
        published.map { $0.type == "status" ? "status:" + ($0.content["execution_state"].stringValue ?? "") : $0.type }
    }
}

func request(_ type: String, _ content: JSON, id: String = newMessageID()) -> Message {
    Message(identities: [Array("client".utf8)],
            header: ["msg_id": .string(id), "msg_type": .string(type), "session": "s", "username": "u",
                     "date": "2026-01-01T00:00:00Z", "version": "5.3"],
            content: content)
}

func makeCore() -> (KernelCore, MockBackend, MockTransport) {
    let backend = MockBackend()
    let transport = MockTransport()
    let core = KernelCore(backend: backend, publish: { transport.publish($0) }, input: transport)
    return (core, backend, transport)
}

/// The reply `core` sends for `request`, if any.
@discardableResult
func replyOf(_ core: KernelCore, _ request: Message, on channel: Channel) -> Message? {
    var sent: Message?
    core.handle(request, on: channel) { sent = $0 }
    return sent
}
