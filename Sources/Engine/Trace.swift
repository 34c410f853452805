import Interruption

/// Define-then-run: a static graph recorded once from a define-by-run function, then replayed
/// on new inputs without running the function again (what `torch.jit.trace` and TensorFlow's
/// graphs do, and what the lecture's frameworks slide contrasts with define-by-run).
///
/// Recording runs the function once on placeholders of the examples (copies that require a
/// gradient, so that every op that depends on them records its `GraphNode`), then walks the
/// graph from the outputs: each node becomes a step, each placeholder an input, and every other
/// leaf a constant held by reference, so that parameters updated in place after tracing are
/// read at their new values. Replay runs the steps in order through the same `Ops` entry points
/// as define-by-run, so a replay records its own graph and `backward()` works through it.
///
/// A static graph records one path: while tracing, reading a value that depends on the inputs
/// or parameters (`item()`, a comparison, `argmax`: what an `if` or `while` on a tensor needs)
/// throws a `TraceError`. Shapes and dtypes are fixed by the examples, as in every static-graph
/// framework; a replay with others is an error that says to trace again.
public final class Trace {
    /// Where a step's operand comes from.
    enum Source {
        case input(Int)
        case step(Int)
        case constant(Tensor)
    }

    struct Step {
        let op: Op
        let operands: [Source]
        let shape: Dims
        let dtype: DType
    }

    let steps: [Step]
    let outputs: [Source]
    public let inputShapes: [Dims]
    public let inputTypes: [DType]

    /// The number of recorded ops.
    public var opCount: Int { steps.count }
    /// Each step's op name, in the order replay runs them.
    public var opNames: [String] { steps.map(\.op.name) }

    /// Records `body` run once on `examples` (floating-point tensors).
    public init(examples: [Tensor], _ body: ([Tensor]) throws -> [Tensor]) throws {
        for (i, e) in examples.enumerated() where !e.dtype.isFloatingPoint {
            throw EngineError(kind: "TraceError", message: "trace: input \(i) is an \(e.dtype.rawValue) tensor; a trace's inputs are float tensors (integer data such as class labels stays a constant of the function)")
        }
        let placeholders = examples.map { e in
            let p = e.detach()
            p.leafRequiresGrad = true
            return p
        }
        let state = ThreadState.current
        let saved = (state.tracing, state.gradDisabledDepth)
        (state.tracing, state.gradDisabledDepth) = (true, 0)
        defer { (state.tracing, state.gradDisabledDepth) = saved }
        let results = try body(placeholders)

        var index: [ObjectIdentifier: Int] = [:]
        var steps: [Step] = []
        let inputs = Dictionary(placeholders.enumerated().map { (ObjectIdentifier($1), $0) }, uniquingKeysWith: { a, _ in a })
        func source(_ t: Tensor) -> Source {
            if let i = inputs[ObjectIdentifier(t)] { return .input(i) }
            if let s = index[ObjectIdentifier(t)] { return .step(s) }
            return .constant(t)
        }
        // Backward's order: every operand's step comes before its user's. A tensor that needs no
        // gradient is not followed, and becomes a constant.
        for root in results {
            var traversal = Traversal()
            Autograd.topologicalOrder(root, &traversal)
            for t in traversal.order where index[ObjectIdentifier(t)] == nil {
                guard let node = t.node else { continue }
                index[ObjectIdentifier(t)] = steps.count
                steps.append(Step(op: node.op, operands: node.inputs.map(source), shape: t.shape, dtype: t.dtype))
            }
        }
        self.steps = steps
        outputs = results.map(source)
        inputShapes = examples.map(\.shape)
        inputTypes = examples.map(\.dtype)
    }

    /// Runs the recorded steps on `inputs`, which must have the examples' shapes and dtypes.
    public func replay(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == inputShapes.count else {
            throw EngineError(kind: "TypeError", message: "trace: the traced function takes \(inputShapes.count) tensor\(inputShapes.count == 1 ? "" : "s"), got \(inputs.count)")
        }
        for (i, t) in inputs.enumerated() where t.shape != inputShapes[i] || t.dtype != inputTypes[i] {
            throw EngineError(kind: "TraceError", message: "trace: input \(i) is \(t.dtype.rawValue) \(describe(t.shape)), but the trace was recorded for \(inputTypes[i].rawValue) \(describe(inputShapes[i])); a static graph has fixed shapes: trace again with an example of this shape")
        }
        var values: [Tensor] = []
        values.reserveCapacity(steps.count)
        func value(_ s: Source) -> Tensor {
            switch s {
            case .input(let i): inputs[i]
            case .step(let i): values[i]
            case .constant(let t): t
            }
        }
        for step in steps {
            try Interrupt.check()
            values.append(try step.op.replay(step.operands.map(value), shape: step.shape, dtype: step.dtype))
        }
        return outputs.map(value)
    }

    /// Thrown while tracing when the function reads a value its path would depend on.
    static func dataDependence(_ what: String) -> EngineError {
        EngineError(kind: "TraceError", message: "trace: \(what) makes the function's path depend on the values of its inputs or parameters, and a static graph records one path; call the function itself (define-by-run) for data-dependent code")
    }

    /// Throws `dataDependence` when this thread is tracing and any of `tensors` depends on the
    /// trace's inputs or on parameters.
    static func forbidReading(_ what: @autoclosure () -> String, _ tensors: Tensor...) throws {
        guard tensors.contains(where: \.requiresGrad), ThreadState.current.tracing else { return }
        throw dataDependence(what())
    }
}

extension Op {
    /// The op's forward computation on `operands`, through the entry points define-by-run uses;
    /// `shape` and `dtype` are those the op produced when it was recorded.
    func replay(_ operands: [Tensor], shape: Dims, dtype: DType) throws -> Tensor {
        let a = operands[0]
        switch self {
        case .copy: return try Ops.copy(a)
        case .cast: return try Ops.cast(a, dtype)
        case .broadcastTo: return try Ops.broadcastTo(a, shape)
        case .reshape: return try Ops.reshape(a, shape)
        case .permute(let inverse):
            return try Ops.permute(a, Ops.inversePermutation(inverse))
        case .slice(let plan):
            let v = plan.view(of: a)
            return Ops.view(a, shape: v.shape, strides: v.strides, offset: v.offset, .slice(plan))
        case .gather(let axis, let indices):
            return try Ops.indexSelect(a, axis: axis, indices: indices, indexShape: [indices.count])
        case .cat(let axis, _): return try Tensor.cat(operands, axis: axis)
        case .add: return try Ops.binary(.add, a, operands[1])
        case .sub: return try Ops.binary(.sub, a, operands[1])
        case .mul: return try Ops.binary(.mul, a, operands[1])
        case .div: return try Ops.binary(.div, a, operands[1])
        case .pow: return try Ops.binary(.pow, a, operands[1])
        case .maximum: return try Ops.binary(.maximum, a, operands[1])
        case .minimum: return try Ops.binary(.minimum, a, operands[1])
        case .exp: return try Ops.unary(.exp, a)
        case .log: return try Ops.unary(.log, a)
        case .sqrt: return try Ops.unary(.sqrt, a)
        case .abs: return try Ops.unary(.abs, a)
        case .relu: return try Ops.unary(.relu, a)
        case .sigmoid: return try Ops.unary(.sigmoid, a)
        case .tanh: return try Ops.unary(.tanh, a)
        case .clamp(let lo, let hi): return try Ops.unary(.clamp(lo, hi), a)
        case .powScalar(let e): return try Ops.unary(.powScalar(e), a)
        case .scale(let s): return try Ops.unary(.scale(s), a)
        case .sum(let kept): return try reduce(.sum, a, axes: kept.indices.filter { kept[$0] == 1 }, to: shape)
        case .max(_, let axes): return try reduce(.max, a, axes: axes, to: shape)
        case .min(_, let axes): return try reduce(.min, a, axes: axes, to: shape)
        case .matmul: return try Ops.matmul(a, operands[1])
        case .linear(let activation):
            return try Ops.linear(a, operands[1], operands.count > 2 ? operands[2] : nil, activation: activation)
        case .mseLoss(let scale):
            // Mean and sum differ by the scale, except on one element, where both are the same.
            return try Tensor.mseLoss(a, operands[1], reduction: scale == 1 && a.count > 1 ? .sum : .mean)
        case .crossEntropy(let classes, _):
            return try Tensor.crossEntropy(a, classes)
        }
    }

    /// `a` reduced over `axes` to the recorded `shape`. (Reducing a size-1 axis changes no value,
    /// so the recorded `kept` shape is enough to find the axes; `keepdims` is read off `shape`.)
    private func reduce(_ op: Kernels.Reduce, _ a: Tensor, axes: [Int], to shape: Dims) throws -> Tensor {
        let out = try Ops.reduce(op, a, axes: axes, keepdims: shape.count == a.ndim, name: String(describing: op))
        return out.shape == shape ? out : try Ops.reshape(out, shape)
    }
}
