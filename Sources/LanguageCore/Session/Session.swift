import Foundation
import Interruption

/// A Descent session: the one interface that the kernel, the REPL and the notebook runner use.
///
/// Names defined by one `execute` stay for the next, also after an error. Cells run on a
/// thread with a large stack, so deep recursion ends in `RecursionError`, never a crash.
public final class Session {
    /// How `execute` ended.
    public enum Status: Equatable, Sendable {
        case ok
        case error(name: String, value: String, traceback: [String])
    }

    /// What `isComplete` says about code typed so far.
    public enum Completeness: Equatable, Sendable {
        case complete
        /// More lines are needed; continue with this indentation.
        case incomplete(indent: String)
        case invalid
    }

    /// Completion candidates and the range of the code (in Unicode scalars) they replace.
    public struct Completion: Equatable, Sendable {
        public var matches: [String]
        public var cursorStart: Int
        public var cursorEnd: Int
    }

    let interpreter = Interpreter()
    private var nextNodeId = 0
    private var cellNumber = 0
    /// How much a cell may show, for front ends that display or store it (see `OutputLimit`);
    /// nil for a script or the REPL, whose output goes whole to a terminal, file or pipe.
    public var outputLimit: OutputLimit? = .frontEnd
    /// The stack of the thread cells run on; a change takes effect with the next cell.
    public var stackSize = 512 << 20 {
        didSet { retireCellThread() }
    }
    private var cellThread: CellThread?
    /// Set by a caller whose thread already has a `stackSize` stack (the kernel's shell thread):
    /// cells then run where they arrive, without a hand-off to the session's cell thread.
    public var cellsRunOnCallingThread = false

    /// A session whose globals start with `builtins` (LanguageLibrary's `Session()` passes
    /// all of its own).
    public init(builtins: [Builtin]) {
        for b in builtins { interpreter.globals.defineBuiltin(b.name, .builtin(b)) }
    }

    deinit { retireCellThread() }

    private func retireCellThread() {
        cellThread?.stop()
        cellThread = nil
    }

    /// Answers `input(prompt)`; without one, `input()` raises a clear error.
    public var inputHandler: ((String) throws -> String)? {
        get { interpreter.inputHandler }
        set { interpreter.inputHandler = newValue }
    }

    /// Runs a cell, streaming its outputs in order to `output` (called on the thread the cell
    /// runs on while `execute` waits): the session's own cell thread, or the calling thread
    /// when `cellsRunOnCallingThread`. Shows the last expression's value as a `.result`
    /// unless it is None or the line ends with `;`. `name` is how tracebacks call the cell.
    @discardableResult
    public func execute(_ code: String, executionCount: Int? = nil, name: String? = nil,
                        output: @escaping (Output) -> Void) -> Status {
        cellNumber += 1
        let source = SourceText(name: name ?? "Cell \(executionCount.map(String.init) ?? String(cellNumber))", text: code)
        let entry = interpreter.history.count
        interpreter.history.append((code, nil))
        let status = onCellThread { [self] in
            run(executionCount: executionCount, output: output) { try self.evaluate(source) }
        }
        interpreter.history[entry].ok = status == .ok
        return status
    }

    /// Runs a library callback between cells (a widget's, when the front end moves it) as a
    /// cell runs: its outputs, and the error that ends it with its traceback, go to `output`.
    @discardableResult
    package func execute(callback: @escaping () throws -> Void, output: @escaping (Output) -> Void) -> Status {
        onCellThread { [self] in run(executionCount: nil, output: output) { try callback(); return nil } }
    }

    /// What the library keeps per session (see `Interpreter.libraryState`).
    package var libraryState: [ObjectIdentifier: AnyObject] {
        get { interpreter.libraryState }
        set { interpreter.libraryState = newValue }
    }

    private func onCellThread(_ work: @escaping () -> Status) -> Status {
        let box = StatusBox()
        let body = { box.status = work() }
        if cellsRunOnCallingThread {
            body()
        } else {
            if cellThread == nil { cellThread = CellThread(stackSize: stackSize) }
            if let cellThread { cellThread.run(body) } else { body() }
        }
        return box.status
    }

    private func run(executionCount: Int?, output: @escaping (Output) -> Void, _ body: () throws -> Value?) -> Status {
        var budget = outputLimit.map(OutputBudget.init)
        interpreter.sink = { out in
            guard let limit = budget?.limit else { output(out); return }
            switch out {
            case .stream(let name, let text):
                if let kept = budget?.admit(text) { output(.stream(name: name, text: kept)) }
            case .display(let bundle, let id): output(.display(limit.capped(bundle), id: id))
            case .updateDisplay(let bundle, let id): output(.updateDisplay(limit.capped(bundle), id: id))
            default: output(out)
            }
        }
        defer { interpreter.sink = { _ in } }
        /// The notice for cut stream text goes before the result or the error, as the last text.
        func noticeDroppedText() { if let notice = budget?.takeNotice() { output(notice) } }
        Interrupt.clear()  // one that came between cells is dropped, as ipykernel does
        do {
            let value = try body()
            let shown = value.flatMap { $0.isNone ? nil : Display.bundle($0) }  // renders a figure
            try Interrupt.check()  // one that came after the cell's last check still ends it
            noticeDroppedText()
            if let shown { output(.result(outputLimit?.capped(shown) ?? shown, executionCount: executionCount)) }
            return .ok
        } catch {
            var e = ScriptError(converting: error)
            interpreter.depth = 0
            Interrupt.clear()
            noticeDroppedText()
            if let outputLimit { e.message = outputLimit.capped(e.message, separator: " ") }
            output(.error(name: e.kind, value: e.message, traceback: e.tracebackLines))
            return .error(name: e.kind, value: e.message, traceback: e.tracebackLines)
        }
    }

    /// Parses, resolves, compiles and runs one cell; returns the value to show.
    private func evaluate(_ source: SourceText) throws -> Value? {
        let (body, next) = try Parser.parse(source, firstId: nextNodeId)
        nextNodeId = next
        var resolver = Resolver(globals: interpreter.globals)
        resolver.resolve(body)
        let cell = try Compiler(ip: interpreter, source: source, resolver: resolver).compileCell(body)
        let slots = try interpreter.stack.push(cell.slotCount)
        defer { interpreter.stack.pop(cell.slotCount) }
        var frame = Frame(slots: slots, cells: ContiguousArray((0..<cell.ownCells).map { _ in ClosureCell() }))
        return try cell.body(&frame)
    }

    /// Stops the running cell at its next loop iteration, call or training step with
    /// `KeyboardInterrupt`. Safe from any thread or a signal handler.
    public func interrupt() { Interrupt.request() }

    /// The value a global name holds now (for tests and front ends), as its repr.
    public func reprOfGlobal(_ name: String) -> String? {
        interpreter.globals.lookup(name).map(repr)
    }

    // MARK: is_complete

    /// Whether `code` can run as it is: unclosed brackets, strings or blocks make it
    /// incomplete (with the indentation to continue with); a block is complete only after a
    /// blank line, as in Python's REPL.
    public func isComplete(_ code: String) -> Completeness {
        if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .complete }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lastNonBlank = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        let baseIndent = String(lastNonBlank.prefix { $0 == " " || $0 == "\t" })
        let opensBlock = lastNonBlank.trimmingCharacters(in: .whitespaces).hasSuffix(":")
        let nextIndent = opensBlock ? baseIndent + "    " : baseIndent
        do {
            _ = try Parser.parse(SourceText(name: "<input>", text: code))
        } catch let e as ScriptError {
            return e.isIncompleteInput ? .incomplete(indent: nextIndent) : .invalid
        } catch {
            return .invalid
        }
        let hasBlock = lines.contains { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.hasPrefix("#") && (line.first == " " || line.first == "\t" || t.hasSuffix(":"))
        }
        let endsWithBlank = lines.count > 1 && lines.last!.trimmingCharacters(in: .whitespaces).isEmpty
        if hasBlock && !endsWithBlank { return .incomplete(indent: nextIndent) }
        return .complete
    }
}

/// Carries a cell's status from its thread back to `execute`, which waits for it.
/// `@unchecked Sendable`: the cell thread writes it before `CellThread.run` returns and the caller
/// reads it after, and the cell thread's mutex orders the write before the read.
private final class StatusBox: @unchecked Sendable {
    var status = Session.Status.ok
}
