import Engine
import Interruption
import LanguageCore

/// What `trace(f, *examples)` returns: a static graph that is called like `f`.
final class TracedFunctionObject: LibraryObject {
    let trace: Trace
    /// Whether `f` returned a tuple (a replay then does too).
    let returnsTuple: Bool

    init(_ trace: Trace, returnsTuple: Bool) {
        self.trace = trace
        self.returnsTuple = returnsTuple
    }

    var typeName: String { "TracedFunction" }
    var attributeNames: [String] { ["ops", "input_shapes"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "ops": return .list(ListBox(trace.opNames.map { .str($0) }))
        case "input_shapes": return .list(ListBox(trace.inputShapes.map { .tuple($0.map { .int($0) }) }))
        default: return nil
        }
    }

    var repr: String {
        let inputs = zip(trace.inputTypes, trace.inputShapes).map { "\($0.rawValue) \(describe($1))" }
        return "TracedFunction(\(trace.opCount) ops on \(inputs.joined(separator: ", ")))"
    }

    var callable: Builtin? { TracedFunctionObject.replay }

    private static let replay = Builtin("replay", "*args, **kwargs", "Replays the recorded ops on new input tensors.") { a in
        let traced = try Bind.receiver(a, TracedFunctionObject.self)
        if case .dict(let keywords) = a["kwargs"], keywords.count > 0 {
            throw ScriptError.type("a traced function takes its tensors by position, not by keyword")
        }
        let inputs = try Access.sequence(a["args"]).enumerated().map { i, v in
            try toTensor(v, name: "traced function argument \(i + 1)")
        }
        let outputs = try traced.trace.replay(inputs).map { Value.tensor($0) }
        return traced.returnsTuple ? .tuple(outputs) : outputs[0]
    }
}
