import Engine
import LanguageCore

/// `with no_grad():`: records nothing in the block, so leaves can be updated in place. It has no
/// state, so every `no_grad()` is the one instance (a training loop's update makes no object).
final class NoGradContext: ContextManager, Sendable {
    static let shared = NoGradContext()

    var typeName: String { "no_grad" }
    var attributeNames: [String] { [] }
    func attribute(_ name: String) throws -> Value? { nil }
    var repr: String { "<no_grad>" }
    func run<R>(_ body: () throws -> R) throws -> R { try Autograd.noGrad(body) }
}

/// no_grad, grad, gradcheck and trace.
enum AutogradBuiltins {
    static let builtins: [Builtin] = [
        Builtin("no_grad", "", "A block that records no operations: with no_grad(): w -= lr * w.grad") { _ in
            .object(NoGradContext.shared)
        },
        Builtin("grad", "output, inputs, retain_graph=False",
                "d(output)/d(input) for each input, without touching .grad: a tensor for one input, a list for a list of inputs.") { a in
            let output = try a.tensor("output")
            if case .tensor(let single as Tensor) = a["inputs"] {
                return .tensor(try Autograd.grad(output, [single], retainGraph: try a.bool("retain_graph"))[0])
            }
            let inputs = try Access.sequence(a["inputs"]).map { try toTensor($0, name: "grad() input") }
            return .list(ListBox(try Autograd.grad(output, inputs, retainGraph: try a.bool("retain_graph")).map { .tensor($0) }))
        },
        Builtin("gradcheck", "f, inputs, eps=1e-6, atol=1e-5, rtol=1e-3",
                "Compares backward's gradients of f(*inputs) with central differences in float64; True when they agree.") { a in
            let f = a["f"]
            let inputs: [Tensor]
            if case .tensor(let t as Tensor) = a["inputs"] { inputs = [t] } else {
                inputs = try Access.sequence(a["inputs"]).map { try toTensor($0, name: "gradcheck() input") }
            }
            let report = try Autograd.gradcheckReport({ xs in
                try toTensor(try a.call(f, xs.map { .tensor($0) }), name: "gradcheck(): f's result")
            }, inputs, eps: try a.double("eps"), atol: try a.double("atol"), rtol: try a.double("rtol"))
            if !report.passed { a.emit(.stream(name: "stderr", text: report.description + "\n")) }
            return .bool(report.passed)
        },
        Builtin("trace", "f, *examples", """
            Define-then-run: calls f(*examples) once, records its ops as a static graph, and returns a function \
            that replays the graph on new tensors of the same shapes without running f's code again (backward \
            works through a replay). Parameters are read when the replay runs, so training updates are seen. \
            An if or while on a tensor's value inside f stops the trace with a TraceError: a static graph \
            records one path.
            fast = trace(lambda x, y: mse(model(x), y), x, y)
            """) { a in
            let f = a["f"]
            let examples = try Access.sequence(a["examples"]).map { try toTensor($0, name: "trace() example") }
            var returnsTuple = false
            let trace = try Trace(examples: examples) { xs in
                let result = try a.call(f, xs.map { .tensor($0) })
                if case .tensor(let t as Tensor) = result { return [t] }
                guard case .tuple(let items) = result, !items.isEmpty else {
                    throw ScriptError.type("trace(): f must return a tensor or a tuple of tensors, not \(result.typeName)")
                }
                returnsTuple = true
                return try items.map { try toTensor($0, name: "trace(): an item f returned") }
            }
            return .object(TracedFunctionObject(trace, returnsTuple: returnsTuple))
        },
    ]
}
