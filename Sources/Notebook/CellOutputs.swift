import JSON
import LanguageCore

/// Collects one cell's outputs the way Jupyter front ends show them: consecutive text on the
/// same stream merged into one output, `clear_output` honoured (at once or, with `wait`, when the
/// next output arrives), and display updates applied in place to the output with that id.
///
/// Stream text is kept as a growing string and split into nbformat's lines only when the
/// outputs are read, so that a cell printing n lines costs O(n), not O(n²).
struct CellOutputs {
    private enum Entry {
        case stream(name: String, text: String)
        case output(JSON)
    }

    private var entries: [Entry] = []
    private var displayIndex: [String: [Int]] = [:]
    private var clearPending = false
    let executionCount: Int?

    init(executionCount: Int?) { self.executionCount = executionCount }

    /// The outputs in nbformat's JSON form.
    var outputs: [JSON] {
        entries.map { entry in
            switch entry {
            case .stream(let name, let text):
                return Output.stream(name: name, text: text).nbformatOutput(executionCount: nil)!
            case .output(let json):
                return json
            }
        }
    }

    mutating func append(_ output: Output) {
        switch output {
        case .clear(let wait):
            if wait { clearPending = true } else { clear() }
            return
        case .updateDisplay(let bundle, let id):
            let replacement = Output.display(bundle, id: id).nbformatOutput(executionCount: nil)!
            for index in displayIndex[id] ?? [] { entries[index] = .output(replacement) }
            return
        default:
            break
        }
        if clearPending { clear() }
        if case .stream(let name, let text) = output {
            if case .stream(name, var merged)? = entries.last {
                // Emptied first so that the append below does not copy the whole text.
                entries[entries.count - 1] = .output(.null)
                merged += text
                entries[entries.count - 1] = .stream(name: name, text: merged)
            } else {
                entries.append(.stream(name: name, text: text))
            }
            return
        }
        if case .display(_, let id?) = output { displayIndex[id, default: []].append(entries.count) }
        entries.append(.output(output.nbformatOutput(executionCount: executionCount)!))
    }

    private mutating func clear() {
        entries.removeAll()
        displayIndex.removeAll()
        clearPending = false
    }
}
