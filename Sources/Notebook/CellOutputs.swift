import JSON
import Language

/// Collects one cell's outputs the way Jupyter front ends show them: consecutive text on the
/// same stream merged into one output, `clear_output` honoured (at once or, with `wait`, when the
/// next output arrives), and display updates applied in place to the output with that id.
struct CellOutputs {
    private(set) var outputs: [JSON] = []
    private var displayIndex: [String: [Int]] = [:]
    private var clearPending = false
    let executionCount: Int?

    init(executionCount: Int?) { self.executionCount = executionCount }

    mutating func append(_ output: Output) {
        switch output {
        case .clear(let wait):
            if wait { clearPending = true } else { clear() }
            return
        case .updateDisplay(let bundle, let id):
            let replacement = Output.display(bundle, id: id).nbformatOutput(executionCount: nil)!
            for index in displayIndex[id] ?? [] { outputs[index] = replacement }
            return
        default:
            break
        }
        if clearPending { clear() }
        if case .stream(let name, let text) = output, let last = outputs.last,
           last["output_type"].stringValue == "stream", last["name"].stringValue == name {
            let merged = Cell.joined(last["text"]) + text
            outputs[outputs.count - 1] = Output.stream(name: name, text: merged)
                .nbformatOutput(executionCount: nil)!
            return
        }
        if case .display(_, let id?) = output { displayIndex[id, default: []].append(outputs.count) }
        outputs.append(output.nbformatOutput(executionCount: executionCount)!)
    }

    private mutating func clear() {
        outputs.removeAll()
        displayIndex.removeAll()
        clearPending = false
    }
}
