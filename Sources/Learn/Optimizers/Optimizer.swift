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

    private let state: [OptimizerState]

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
        state = parameters.map { OptimizerState(recipe.rule, for: $0) }
    }

    /// Sets the learning rate; it must be a positive finite number.
    public func setLR(_ newValue: Double) throws {
        try validateLearningRate(newValue, recipe.name)
        lr = newValue
    }

    /// One update of every parameter that has a gradient.
    public func step() throws {
        steps += 1
        for (p, s) in zip(parameters, state) {
            guard let g = p.grad else { continue }
            guard g.shape == p.shape, g.dtype == p.dtype else {
                throw LearnError.value("\(recipe.name): gradient of shape \(describe(g.shape)) (\(g.dtype.rawValue)) for a parameter of shape \(describe(p.shape)) (\(p.dtype.rawValue))")
            }
            try p.optimizerStep_(recipe.rule, grad: g, state: s, step: steps, lr: lr, baseLR: recipe.lr)
        }
    }

    /// `Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08) over 4 parameters, 10 steps`.
    public var description: String {
        "\(recipe.name)(" + (["lr=\(lr)"] + recipe.rule.hyperParameters.map { "\($0.0)=\($0.1)" }).joined(separator: ", ")
            + ") over \(parameters.count) parameter\(parameters.count == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s")"
    }

    /// Forgets every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
