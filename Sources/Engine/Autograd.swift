import Synchronization
import Interruption
/// The record of one op in the define-by-run graph: which op (with its parameters), what it
/// read, and what its forward pass saved for the gradient rule (`Op.gradients`).
///
/// An object, not a value in its tensor: a value made every `requiresGrad` check an outlined
/// enum-tag test on a large struct and every read a copy, 7-10% of a small training step. The
/// graph holds each tensor from exactly one place (inputs and saved tensors here, never inside
/// closures; cross-entropy's op keeps its targets, an int64 tensor, which has no graph), so that
/// it can be torn down iteratively (see `Graph.release`). A node whose tensor dies goes to its
/// thread's spare nodes (`ThreadState.spareNodes`) and records the next op, so that a training
/// step takes none from malloc.
final class GraphNode {
    private(set) var op: Op
    var inputs: SmallArray<Tensor>
    /// Tensors computed forward that the rule reuses: MSE's difference, softmax's probabilities.
    var saved: SmallArray<Tensor>
    /// Set once backward has freed the inputs: a second backward through it is an error.
    private(set) var isFreed = false

    init(op: Op, inputs: SmallArray<Tensor>, saved: SmallArray<Tensor>) {
        self.op = op
        self.inputs = inputs
        self.saved = saved
    }

    /// A spare node recording a new op.
    fileprivate func reuse(op: consuming Op, inputs: consuming SmallArray<Tensor>, saved: consuming SmallArray<Tensor>) -> GraphNode {
        self.op = op
        self.inputs = inputs
        self.saved = saved
        isFreed = false
        return self
    }

    /// Drops the inputs and the saved tensors once backward no longer needs them.
    func free() -> SmallArray<Tensor> {
        isFreed = true
        saved = []
        defer { inputs = [] }
        return inputs
    }
}

enum Graph {
    /// Attaches a node to `output` when recording is on and any input requires a gradient. The
    /// op, inputs and saved tensors are autoclosures so that unrecorded ops (inside `noGrad`, or
    /// in backward itself) do not even build them.
    @discardableResult
    static func record(_ output: Tensor, _ op: @autoclosure () -> Op, _ inputs: @autoclosure () -> SmallArray<Tensor>,
                       saved: @autoclosure () -> SmallArray<Tensor> = []) -> Tensor {
        guard Autograd.isEnabled else { return output }
        let inputs = inputs()
        if inputs.contains(where: { $0.requiresGrad }) {
            let state = ThreadState.current
            if let node = state.spareNodes.popLast() {
                output.node = node.reuse(op: op(), inputs: inputs, saved: saved())
            } else {
                output.node = GraphNode(op: op(), inputs: inputs, saved: saved())
                state.freshNodes += 1
            }
        }
        return output
    }

    /// How many spare nodes a thread keeps: more than a training step of a small network records.
    static let spareNodeLimit = 256

    /// Called from `Tensor.deinit`: releases the graph behind a dying tensor with an explicit
    /// stack, so that a chain of a million ops does not recurse a million deinits deep, and keeps
    /// its node, which nothing else holds, as a spare.
    static func release(_ dying: Tensor) {
        guard var node = dying.node else { return }
        var pending = node.free()
        while var t = pending.popLast() {
            if Tensor.isUnique(&t), let inputs = t.node?.free() {
                for input in inputs { pending.append(input) }
            }
        }
        dying.node = nil
        if isKnownUniquelyReferenced(&node) {
            let state = ThreadState.current
            if state.spareNodes.count < spareNodeLimit { state.spareNodes.append(node) }
        }
    }
}

/// Switches for recording and the entry points of reverse mode.
public enum Autograd {
    /// Whether ops on this thread record the graph; false inside `noGrad`.
    public static var isEnabled: Bool { ThreadState.current.gradDisabledDepth == 0 }

    /// Runs `body` without recording on this thread, for parameter updates and evaluation.
    public static func noGrad<R>(_ body: () throws -> R) rethrows -> R {
        let state = ThreadState.current
        state.gradDisabledDepth += 1
        defer { state.gradDisabledDepth -= 1 }
        return try body()
    }

    /// The gradients of a scalar `outputs` with respect to `inputs`, without touching `.grad`.
    public static func grad(_ outputs: Tensor, _ inputs: [Tensor], retainGraph: Bool = false) throws -> [Tensor] {
        for (i, t) in inputs.enumerated() where !t.requiresGrad {
            throw EngineError.runtime("grad: input \(i) does not require grad")
        }
        let seed = try outputs.seedGradient(nil)
        let found = try run(outputs, seed, retainGraph: retainGraph, wanted: Set(inputs.map(ObjectIdentifier.init)))
        return try inputs.map { t in
            try found[ObjectIdentifier(t)] ?? Tensor.zeros(t.shape, dtype: t.dtype)
        }
    }

    /// Reverse mode from `root`: visits the graph in reverse topological order (sorted with an
    /// explicit stack), accumulates leaf gradients into `.grad` (or returns those in `wanted`),
    /// then frees the graph unless `retainGraph`.
    static func run(_ root: Tensor, _ seed: Tensor, retainGraph: Bool, wanted: Set<ObjectIdentifier>?) throws -> [ObjectIdentifier: Tensor] {
        // This thread's arrays, taken (a backward inside this one would start with new ones).
        let state = ThreadState.current
        var traversal = Traversal()
        swap(&traversal, &state.traversal)
        defer {
            for t in traversal.order { t.pendingGrad = nil }
            traversal.empty()
            state.traversal = traversal
        }
        topologicalOrder(root, &traversal)
        root.pendingGrad = seed
        var found: [ObjectIdentifier: Tensor] = [:]
        try noGrad {
            for t in traversal.order.reversed() {
                guard var g = t.pendingGrad else { continue }
                t.pendingGrad = nil
                if Interrupt.take() { throw EngineError.interrupted }
                if let wanted {
                    if wanted.contains(ObjectIdentifier(t)) { found[ObjectIdentifier(t)] = g }
                } else if t.isLeaf {
                    if t.leafRequiresGrad { try accumulate(&g, into: t) }
                }
                guard let node = t.node else { continue }
                guard !node.isFreed else {
                    throw EngineError.runtime("backward through the graph a second time (its buffers were freed); use retain_graph=True the first time")
                }
                let inputGrads = try node.op.gradients(g, node.inputs, t, node.saved)
                for (input, ig) in zip(node.inputs, inputGrads) {
                    guard let ig, input.requiresGrad else { continue }
                    input.pendingGrad = try input.pendingGrad.map { try Ops.binary(.add, $0, ig) } ?? ig
                }
            }
        }
        if !retainGraph {
            for t in traversal.order { _ = t.node?.free() }
        }
        return found
    }

    /// Adds `g` to `leaf.grad` in place, or adopts `g` itself when nothing else refers to it
    /// (the common case, which keeps a training step free of copies).
    private static func accumulate(_ g: inout Tensor, into leaf: Tensor) throws {
        guard g.shape == leaf.shape else {
            throw EngineError.runtime("backward: gradient of shape \(describe(g.shape)) for a tensor of shape \(describe(leaf.shape))")
        }
        if let existing = leaf.grad {
            try existing.addScaled_(g, alpha: 1)
        } else if Tensor.isUnique(&g), isKnownUniquelyReferenced(&g.storage),
                  g.isContiguous, g.offset == 0, g.dtype == leaf.dtype {
            leaf.grad = g
        } else {
            leaf.grad = try g.cast(leaf.dtype, copy: true)
        }
    }

    /// Traversal numbers, shared by all threads so that no two traversals share one.
    private static let generation = Atomic<UInt64>(0)

    /// Puts the tensors reachable from `root` through nodes into `traversal.order`, each after
    /// everything it depends on. Visited tensors are marked with a fresh generation number instead
    /// of being kept in a set.
    static func topologicalOrder(_ root: Tensor, _ traversal: inout Traversal) {
        let mark = generation.wrappingAdd(1, ordering: .relaxed).newValue
        root.visitMark = mark
        traversal.stack.append((root, 0))
        while let (t, next) = traversal.stack.last {
            let inputs = t.node?.inputs ?? []
            if next < inputs.count {
                traversal.stack[traversal.stack.count - 1].next = next + 1
                let child = inputs[next]
                if child.requiresGrad && child.visitMark != mark {
                    child.visitMark = mark
                    traversal.stack.append((child, 0))
                }
            } else {
                traversal.order.append(t)
                traversal.stack.removeLast()
            }
        }
    }
}

/// The arrays a topological sort fills: the order, and the stack of tensors with the index of the
/// next input to visit.
struct Traversal {
    var order: [Tensor] = []
    var stack: [(tensor: Tensor, next: Int)] = []

    /// Empties both, keeping their room for the next backward unless a very large graph grew them
    /// (then a thread would hold that memory for good).
    mutating func empty() {
        let keep = order.capacity <= 4096
        order.removeAll(keepingCapacity: keep)
        stack.removeAll(keepingCapacity: keep)
    }
}

extension Tensor {
    /// Computes the gradients of this tensor with respect to every leaf that requires one and adds
    /// them to those leaves' `.grad`.
    ///
    /// Without `grad` the tensor must hold one element (a loss). The graph is freed afterwards
    /// unless `retainGraph`.
    public func backward(grad: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else {
            throw EngineError.runtime("backward: the tensor does not require grad and has no grad_fn")
        }
        _ = try Autograd.run(self, seedGradient(grad), retainGraph: retainGraph, wanted: nil)
    }

    func seedGradient(_ grad: Tensor?) throws -> Tensor {
        guard let grad else {
            guard count == 1 else {
                throw EngineError.runtime("backward: grad can be implicitly created only for scalar outputs, got shape \(describe(shape)); pass grad=")
            }
            return shape.isEmpty ? Tensor.scalar(1, dtype: dtype) : try Tensor.ones(shape, dtype: dtype)
        }
        guard grad.shape == shape else {
            throw EngineError.runtime("backward: grad of shape \(describe(grad.shape)) does not match the output's shape \(describe(shape))")
        }
        return grad.dtype == dtype ? grad : try grad.cast(dtype)
    }
}
