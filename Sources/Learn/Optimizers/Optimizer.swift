import Engine
import Interruption

/// An optimizer bound to parameters: `step()` applies its recipe's update rule in place to every
/// parameter that has a gradient; `zeroGrad()` forgets the gradients.
///
/// ```swift
/// let opt = try Optimizer(net.parameters(), .adam(lr: 0.01))
/// for (x, y) in batches { opt.zeroGrad(); try crossEntropy(net(x), y).backward(); try opt.step() }
/// ```
///
/// State (velocities, squared-gradient sums, moments) lives in buffers allocated once, when the
/// optimizer is made, so a step allocates nothing. Parameters without a gradient are skipped and
/// their state is left as it was, as PyTorch does.
public final class Optimizer: CustomStringConvertible {
    public let recipe: OptimizerRecipe
    public let parameters: [Tensor]
    /// The current learning rate η; a schedule sets it per epoch, a user may set it by hand.
    public private(set) var lr: Double
    /// Steps taken so far (t in the formulas after the step).
    public private(set) var steps = 0

    private let rule: UpdateRule
    private let state: [UnsafeMutableRawPointer]

    /// Binds `recipe` to `parameters`, which must be floating point tensors requiring gradients.
    public init(_ parameters: [Tensor], _ recipe: OptimizerRecipe) throws {
        guard !parameters.isEmpty else {
            throw LearnError.value("\(recipe.name): got an empty parameter list")
        }
        for (i, p) in parameters.enumerated() {
            guard p.dtype != .int64 else {
                throw LearnError.type("\(recipe.name): parameter \(i) is an int64 tensor; only float32 and float64 tensors can be optimized")
            }
            guard p.requiresGrad, p.isLeaf else {
                throw LearnError.value("\(recipe.name): parameter \(i) of shape \(describe(p.shape)) is not a leaf tensor that requires grad")
            }
        }
        var seen = Set<ObjectIdentifier>()
        for (i, p) in parameters.enumerated() where !seen.insert(ObjectIdentifier(p)).inserted {
            throw LearnError.value("\(recipe.name): parameter \(i) appears twice in the parameter list")
        }
        self.recipe = recipe
        self.parameters = parameters
        self.lr = recipe.lr
        rule = UpdateRule(rule: recipe.rule, baseLR: recipe.lr)
        let slots = recipe.rule.stateSlots
        state = parameters.map { p in
            let bytes = Swift.max(slots * p.count * MemoryLayout<Double>.size, 8)
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            return raw
        }
    }

    deinit { for s in state { s.deallocate() } }

    /// Sets the learning rate; it must be a positive finite number.
    public func setLR(_ newValue: Double) throws {
        try validateLearningRate(newValue, recipe.name)
        lr = newValue
    }

    /// One update of every parameter that has a gradient.
    public func step() throws {
        steps += 1
        for (p, raw) in zip(parameters, state) {
            guard let g = p.grad else { continue }
            guard g.shape == p.shape, g.dtype == p.dtype else {
                throw LearnError.value("\(recipe.name): gradient of shape \(describe(g.shape)) (\(g.dtype.rawValue)) for a parameter of shape \(describe(p.shape)) (\(p.dtype.rawValue))")
            }
            if p.dtype == .float32 && p.isContiguous && g.isContiguous {
                update(p, g, raw.assumingMemoryBound(to: Float.self))
            } else {
                try updateThroughCopies(p, g, raw.assumingMemoryBound(to: Double.self))
            }
        }
    }

    /// `Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08) over 4 parameters, 10 steps`.
    public var description: String {
        "\(recipe.name)(" + (["lr=\(lr)"] + recipe.rule.hyperParameters.map { "\($0.0)=\($0.1)" }).joined(separator: ", ")
            + ") over \(parameters.count) parameter\(parameters.count == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s")"
    }

    /// Forgets every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// The fast path: the rule straight on the tensors' float32 buffers.
    private func update(_ p: Tensor, _ g: Tensor, _ s: UnsafeMutablePointer<Float>) {
        p.withUnsafeMutableFloats { pb in
            g.withUnsafeMutableFloats { gb in
                rule.apply(param: pb.baseAddress!, grad: UnsafePointer(gb.baseAddress!), state: s,
                           count: pb.count, t: steps, lr: lr)
            }
        }
    }

    /// float64 (and non-contiguous) parameters: the same rule in double precision on copies,
    /// written back in place. Meant for `minimize` on functions of a few variables.
    private func updateThroughCopies(_ p: Tensor, _ g: Tensor, _ s: UnsafeMutablePointer<Double>) throws {
        var values = p.scalars()
        let grads = g.scalars()
        values.withUnsafeMutableBufferPointer { vb in
            grads.withUnsafeBufferPointer { gb in
                rule.apply(param: vb.baseAddress!, grad: gb.baseAddress!, state: s, count: vb.count, t: steps, lr: lr)
            }
        }
        let updated = try Tensor(shape: p.shape, scalars: values, dtype: p.dtype)
        try Autograd.noGrad { try p.setIndex([.ellipsis], to: updated) }
    }
}
