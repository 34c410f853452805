import Dispatch
import Engine
import Foundation
import JSON
import LanguageCore
import LanguageLibrary

/// Executes a notebook's code cells in order in one in-process `Session`, writing each cell's
/// outputs as the kernel would send them. No ZeroMQ, no second process: the same display rules,
/// so a notebook run by `descent run` looks as it does in Jupyter.
public struct NotebookRunner {
    /// The first cell that failed and was not allowed to.
    public struct Failure: Error, CustomStringConvertible {
        public var cellNumber: Int
        public var line: Int?
        public var name: String
        public var value: String
        public var traceback: [String]

        public var description: String {
            let at = "cell \(cellNumber)" + (line.map { ", line \($0)" } ?? "")
            return "\(at): \(name): \(value)\n" + traceback.joined(separator: "\n")
        }
    }

    /// What running one notebook did.
    public struct Report {
        public var notebook: Notebook
        public var cellsRun = 0
        public var errorsAllowed = 0
        public var failure: Failure?
        public var seconds = 0.0
    }

    public var options: RunOptions

    public init(options: RunOptions = RunOptions()) { self.options = options }

    /// Runs every code cell of `notebook`, stopping at the first failure unless errors are
    /// allowed (or the cell is tagged `raises-exception`). Cells tagged `skip-execution` are left
    /// as they are. Training shows no progress bar, only its final line, as befits a batch run.
    public func run(_ notebook: Notebook, session: Session = Session()) -> Report {
        let start = DispatchTime.now()
        session.progress = .batch
        let widgets = Widgets(channel: NoFrontEnd(), numberedIDs: true)
        session.widgets = widgets
        var notebook = injectingParameters(into: notebook)
        notebook.metadata = Self.descentMetadata(notebook.metadata)
        var report = Report(notebook: notebook)
        var executionCount = 0
        for index in notebook.cells.indices where notebook.cells[index].kind == .code {
            var cell = notebook.cells[index]
            if cell.tags.contains("skip-execution") { continue }
            executionCount += 1
            var outputs = CellOutputs(executionCount: executionCount)
            let (status, timedOut) = execute(cell.source, count: executionCount, number: index + 1,
                                             session: session) { outputs.append($0) }
            cell.outputs = outputs.outputs
            cell.executionCount = executionCount
            report.notebook.cells[index] = cell
            report.cellsRun += 1
            guard case .error(var name, var value, let traceback) = status else { continue }
            if timedOut {
                name = "TimeoutError"
                value = "cell \(index + 1) did not finish within \(Self.seconds(options.timeout!))"
            }
            if options.allowErrors || (cell.tags.contains("raises-exception") && !timedOut) {
                report.errorsAllowed += 1
                continue
            }
            report.failure = Failure(cellNumber: index + 1, line: Self.line(in: traceback),
                                     name: name, value: value, traceback: traceback)
            break
        }
        // Removed, not set to JSON null, when no widget is left (nbformat wants an object).
        if widgets.isEmpty {
            report.notebook.metadata.removeValue(forKey: "widgets")
        } else {
            report.notebook.metadata["widgets"] = Self.savedState(widgets)
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return report
    }

    /// Runs one cell, interrupting it if it outlives the timeout.
    private func execute(_ code: String, count: Int, number: Int, session: Session,
                         output: @escaping (Output) -> Void) -> (Session.Status, timedOut: Bool) {
        guard let timeout = options.timeout else {
            return (session.execute(code, executionCount: count, name: "cell \(number)", output: output), false)
        }
        let watchdog = Watchdog(session)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { watchdog.fire() }
        let status = session.execute(code, executionCount: count, name: "cell \(number)", output: output)
        return (status, watchdog.finish())
    }

    /// papermill's convention: an `injected-parameters` cell right after the cell tagged
    /// `parameters` (or first, if none is tagged), replacing one injected by an earlier run.
    private func injectingParameters(into notebook: Notebook) -> Notebook {
        guard !options.parameters.isEmpty else { return notebook }
        var notebook = notebook
        notebook.cells.removeAll { $0.tags.contains("injected-parameters") }
        let used = Set(notebook.cells.compactMap(\.id))
        let injected = Cell(kind: .code, source: Parameter.cellSource(options.parameters),
                            id: Cell.freshID(avoiding: used), tags: ["injected-parameters"])
        let at = notebook.cells.firstIndex { $0.tags.contains("parameters") }.map { $0 + 1 } ?? 0
        notebook.cells.insert(injected, at: at)
        return notebook
    }

    /// papermill's warnings, to show before a run: a parameter that the notebook's `parameters`
    /// cell does not assign is probably misspelt, and without such a cell no name can be checked.
    public func parameterWarnings(for notebook: Notebook) -> [String] {
        guard !options.parameters.isEmpty else { return [] }
        guard let cell = notebook.cells.first(where: { $0.tags.contains("parameters") }) else {
            return ["Input notebook does not contain a cell with tag 'parameters'"]
        }
        let declared = Parameter.names(assignedIn: cell.source)
        return options.parameters.map(\.name).filter { !declared.contains($0) }
            .map { "Passed unknown parameter: \($0)" }
    }

    /// The notebook metadata JupyterLab's "Save Widget State" writes, which nbconvert's HTML
    /// and other widget managers read to draw the controls without a kernel.
    static func savedState(_ widgets: Widgets) -> JSON {
        ["application/vnd.jupyter.widget-state+json": ["version_major": 2, "version_minor": 0, "state": widgets.states]]
    }

    static func descentMetadata(_ metadata: [String: JSON]) -> [String: JSON] {
        var metadata = metadata
        metadata["kernelspec"] = .object(DescentLanguage.kernelspec)
        metadata["language_info"] = .object(DescentLanguage.languageInfo)
        return metadata
    }

    /// The cell line of the innermost frame of a traceback (`..., line 3, column 5`).
    static func line(in traceback: [String]) -> Int? {
        for entry in traceback.reversed() {
            guard let range = entry.range(of: ", line ") else { continue }
            let digits = entry[range.upperBound...].prefix { $0.isNumber }
            if let n = Int(digits) { return n }
        }
        return nil
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}

/// The widget channel of a batch run: the models are kept (and saved in the notebook's
/// metadata) but nothing is sent, since no front end listens, and no control moves, so
/// `interact` shows only the output for the values the cells gave, as in the REPL.
private final class NoFrontEnd: WidgetChannel {
    func open(id: String, data: JSON, buffers: [Data]) {}
    func send(id: String, data: JSON, buffers: [Data]) {}
    var requestID: String? { nil }
    func whenIdle(key: String, _ callback: @escaping () throws -> Void, finally: @escaping () -> Void) {}
}

/// Interrupts a cell that runs past its time, unless the cell finished first. Sendable because
/// `lock` guards `done` and `fired`, and the timer thread uses `session` only to call
/// `interrupt()`, which is safe from any thread.
private final class Watchdog: @unchecked Sendable {
    private let session: Session
    private let lock = NSLock()
    private var done = false
    private var fired = false

    init(_ session: Session) { self.session = session }

    func fire() {
        lock.lock(); defer { lock.unlock() }
        guard !done else { return }
        fired = true
        session.interrupt()
    }

    /// Marks the cell finished; returns whether the watchdog had interrupted it.
    func finish() -> Bool {
        lock.lock(); defer { lock.unlock() }
        done = true
        return fired
    }
}
