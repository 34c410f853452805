import Foundation
import JSON
import Kernel
import LanguageCore
import LanguageLibrary
import Notebook

/// Adapts a Descent `Session` to the kernel's `KernelBackend`: the one place where the
/// Jupyter kernel meets the language.
final class SessionBackend: KernelBackend {
    private let session = Session()

    init() {
        // The kernel calls `execute` on a shell thread started with `executionStackSize`.
        session.cellsRunOnCallingThread = true
    }

    let info = BackendInfo(
        implementation: "descent", implementationVersion: Descent.version,
        languageInfo: .object(DescentLanguage.languageInfo),
        banner: "Descent \(Descent.version): tensors, autograd, networks and optimizer runs.\nhelp() lists every built-in.",
        helpLinks: [(text: "Descent language", url: "https://github.com/descent-lang/descent/blob/main/docs/LANGUAGE.md")])

    func execute(_ code: String, context: ExecutionContext) {
        session.inputHandler = { prompt in
            do { return try context.input(prompt: prompt, password: false) } catch InputError.notAllowed {
                throw ScriptError("StdinNotImplementedError",
                                  "input() is not available: this front end does not answer input requests")
            } catch {
                throw ScriptError("KeyboardInterrupt", "")
            }
        }
        defer { session.inputHandler = nil }
        session.execute(code, executionCount: context.executionCount) { Self.forward($0, to: context) }
    }

    static func forward(_ output: Output, to context: ExecutionContext) {
        switch output {
        case .stream(let name, let text): context.stream(name == "stderr" ? .stderr : .stdout, text)
        case .display(let bundle, let id): context.display(Self.bundle(bundle), id: id)
        case .updateDisplay(let bundle, let id): context.updateDisplay(Self.bundle(bundle), id: id)
        case .result(let bundle, _): context.result(Self.bundle(bundle))
        case .error(let name, let value, let traceback):
            context.error(ExecutionError(name: name, value: value, traceback: traceback))
        case .clear(let wait): context.clearOutput(wait: wait)
        }
    }

    // MARK: - Widgets

    func attach(comms: CommManager) {
        session.widgets = Widgets(channel: KernelWidgetChannel(comms: comms, session: session))
    }

    /// The kernel opens widget models' comms; the front end opens only the control comm, on
    /// which it asks for every model's state. Any other comm it opens is closed.
    func commOpened(_ comm: Comm, data: CommData, context: ExecutionContext) -> Bool {
        comm.targetName == Widgets.controlTarget && session.widgets != nil
    }

    func commMessage(_ comm: Comm, data: CommData, context: ExecutionContext) {
        if comm.targetName == Widgets.controlTarget {
            session.widgets?.receiveControl(id: comm.id, data: data.data)
        } else {
            session.widgets?.receive(id: comm.id, data: data.data)
        }
    }

    func commClosed(_ comm: Comm, data: CommData) {
        session.widgets?.closed(id: comm.id)
    }

    func complete(_ code: String, cursorPosition: Int) -> Kernel.Completion {
        let found = session.complete(code, cursor: cursorPosition)
        return Kernel.Completion(matches: found.matches, cursorStart: found.cursorStart, cursorEnd: found.cursorEnd)
    }

    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> DisplayBundle? {
        session.inspect(code, cursor: cursorPosition, detail: detailLevel).map(Self.bundle)
    }

    func isComplete(_ code: String) -> CodeCompleteness {
        switch session.isComplete(code) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    /// Runs the expression as a cell of its own and keeps only its value.
    func evaluate(_ expression: String) -> Result<DisplayBundle, ExecutionError> {
        var value = DisplayBundle(text: "None")
        var failure: ExecutionError?
        session.execute(expression) { output in
            switch output {
            case .result(let bundle, _): value = Self.bundle(bundle)
            case .error(let name, let message, let traceback):
                failure = ExecutionError(name: name, value: message, traceback: traceback)
            default: break
            }
        }
        return failure.map { .failure($0) } ?? .success(value)
    }

    func interrupt() { session.interrupt() }

    /// Cells run on the shell thread itself, which gets the stack a cell thread would have.
    var executionStackSize: Int { session.stackSize }

    func shutdown(restart: Bool) {}

    /// A Language bundle as protocol JSON: binary data base64, JSON types as objects, metadata
    /// per MIME type.
    static func bundle(_ bundle: MimeBundle) -> DisplayBundle {
        DisplayBundle(
            data: bundle.data.mapValues(\.jsonValue),
            metadata: bundle.metadata.mapValues { fields in .object(fields.mapValues { .int($0) }) })
    }
}
