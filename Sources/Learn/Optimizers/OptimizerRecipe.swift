import Engine

/// An optimizer without parameters: its update rule, hyper-parameters and learning rate.
///
/// This is what `fit`, `compare` and `minimize` take; they build an `Optimizer` over the model's
/// parameters from it. By hand, `Optimizer(net.parameters(), recipe)` does the same.
///
/// The formulas are the lecture's (t counts steps from 1, η is the current learning rate):
///
/// - SGD: θ ← θ − η∇L.
/// - Momentum: v ← γv + η∇L, θ ← θ − v. PyTorch's `SGD(momentum=γ)` keeps η outside the
///   velocity (v ← γv + ∇L, θ ← θ − ηv); the two agree while η is constant and differ once a
///   schedule changes η, because here the velocity remembers the old η.
/// - NAG: v ← γv + η∇L(θ − γv), θ ← θ − v, the gradient taken at the look-ahead point. Instead
///   of a second forward pass the parameter holds φ = θ − γv, where the model is evaluated, and
///   the update becomes v' ← γv + η∇L(φ), φ ← φ − γv' − η∇L(φ) (the change of variables of
///   Sutskever et al., 2013). θ = φ + γv; the two coincide when v = 0, at the start and at a
///   minimum. PyTorch's `nesterov=True` uses this form with η outside the velocity.
/// - Adagrad: g ← g + ∇², θ ← θ − η∇/(√g + ε). PyTorch's default ε is 1e-10.
/// - RMSprop: g ← γg + (1−γ)∇², θ ← θ − η∇/(√g + ε) with γ = 0.9 as in the lecture; PyTorch's
///   default decay (`alpha`) is 0.99.
/// - Adam: m ← β₁m + (1−β₁)∇, g ← β₂g + (1−β₂)∇², θ ← θ − η m̂/(√ĝ + ε) with m̂ = m/(1−β₁ᵗ),
///   ĝ = g/(1−β₂ᵗ). Same as PyTorch.
/// - AdaBound, as in the authors' reference code: Adam's moments, the per-element rate
///   η√(1−β₂ᵗ)/(1−β₁ᵗ)/(√g + ε) clipped to [f(1 − 1/(γt+1)), f(1 + 1/(γt))], then
///   θ ← θ − rate·m. f is `finalLR` scaled by η/η₀ so that a schedule moves the bounds too.
///
/// Edge cases: a NaN or infinite gradient propagates into θ (training notices the loss and
/// stops); ε = 0 with a zero gradient gives 0/0 = NaN for the adaptive rules, as in the formulas.
///
/// ```swift
/// let adam = try OptimizerRecipe.adam(lr: 0.01)
/// let run = try fit(net, train, loss: .crossEntropy, optimizer: adam, epochs: 10, batchSize: 32)
/// ```
public struct OptimizerRecipe: Sendable, Equatable, CustomStringConvertible {
    /// The lecture's update rules (formulas above), which Engine applies.
    public typealias Rule = OptimizerRule

    public let rule: Rule
    /// The initial learning rate η (a schedule scales it per epoch).
    public let lr: Double

    /// Checks every hyper-parameter, so a bad value fails before any step.
    public init(_ rule: Rule, lr: Double) throws {
        self.rule = rule
        self.lr = lr
        try validateLearningRate(lr, rule.name)
        func unit(_ v: Double, _ what: String) throws {
            guard v.isFinite, v >= 0, v < 1 else {
                throw LearnError.value("\(rule.name): \(what) must be in [0, 1), got \(v)")
            }
        }
        func nonNegative(_ v: Double, _ what: String) throws {
            guard v.isFinite, v >= 0 else {
                throw LearnError.value("\(rule.name): \(what) must be a finite number >= 0, got \(v)")
            }
        }
        switch rule {
        case .sgd: break
        case .momentum(let g), .nag(let g): try unit(g, "gamma")
        case .adagrad(let e): try nonNegative(e, "eps")
        case .rmsprop(let g, let e): try unit(g, "gamma"); try nonNegative(e, "eps")
        case .adam(let b1, let b2, let e):
            try unit(b1, "beta1"); try unit(b2, "beta2"); try nonNegative(e, "eps")
        case .adaBound(let f, let g, let b1, let b2, let e):
            guard f.isFinite, f > 0 else { throw LearnError.value("AdaBound: final_lr must be a positive finite number, got \(f)") }
            guard g.isFinite, g > 0 else { throw LearnError.value("AdaBound: gamma must be a positive finite number, got \(g)") }
            try unit(b1, "beta1"); try unit(b2, "beta2"); try nonNegative(e, "eps")
        }
    }

    /// θ ← θ − η∇L.
    public static func sgd(lr: Double) throws -> OptimizerRecipe { try OptimizerRecipe(.sgd, lr: lr) }
    /// v ← γv + η∇L, θ ← θ − v.
    public static func momentum(lr: Double, gamma: Double = 0.9) throws -> OptimizerRecipe {
        try OptimizerRecipe(.momentum(gamma: gamma), lr: lr)
    }
    /// v ← γv + η∇L(θ − γv), θ ← θ − v.
    public static func nag(lr: Double, gamma: Double = 0.9) throws -> OptimizerRecipe {
        try OptimizerRecipe(.nag(gamma: gamma), lr: lr)
    }
    /// g ← g + ∇², θ ← θ − η∇/(√g + ε).
    public static func adagrad(lr: Double, eps: Double = 1e-8) throws -> OptimizerRecipe {
        try OptimizerRecipe(.adagrad(eps: eps), lr: lr)
    }
    /// g ← γg + (1−γ)∇², θ ← θ − η∇/(√g + ε).
    public static func rmsprop(lr: Double, gamma: Double = 0.9, eps: Double = 1e-8) throws -> OptimizerRecipe {
        try OptimizerRecipe(.rmsprop(gamma: gamma, eps: eps), lr: lr)
    }
    /// Adam with bias correction, as in the lecture.
    public static func adam(lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8) throws -> OptimizerRecipe {
        try OptimizerRecipe(.adam(beta1: beta1, beta2: beta2, eps: eps), lr: lr)
    }
    /// AdaBound (Luo et al., ICLR 2019): Adam's per-parameter rate clipped to bounds that close
    /// in on `finalLR`.
    public static func adaBound(lr: Double, finalLR: Double = 0.1, gamma: Double = 1e-3,
                                beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8) throws -> OptimizerRecipe {
        try OptimizerRecipe(.adaBound(finalLR: finalLR, gamma: gamma, beta1: beta1, beta2: beta2, eps: eps), lr: lr)
    }

    /// The user-facing name: "SGD", "Momentum", "NAG", "Adagrad", "RMSprop", "Adam", "AdaBound".
    public var name: String { rule.name }

    /// `Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)`, as the language would write it.
    public var description: String {
        let extra = rule.hyperParameters.map { "\($0.0)=\($0.1)" }
        return "\(name)(" + (["lr=\(lr)"] + extra).joined(separator: ", ") + ")"
    }

    /// The same rule with another learning rate.
    public func with(lr: Double) throws -> OptimizerRecipe { try OptimizerRecipe(rule, lr: lr) }
}

extension OptimizerRecipe.Rule {
    public var name: String {
        switch self {
        case .sgd: "SGD"
        case .momentum: "Momentum"
        case .nag: "NAG"
        case .adagrad: "Adagrad"
        case .rmsprop: "RMSprop"
        case .adam: "Adam"
        case .adaBound: "AdaBound"
        }
    }

    /// Hyper-parameters other than the learning rate, by their language names.
    public var hyperParameters: [(String, Double)] {
        switch self {
        case .sgd: []
        case .momentum(let g), .nag(let g): [("gamma", g)]
        case .adagrad(let e): [("eps", e)]
        case .rmsprop(let g, let e): [("gamma", g), ("eps", e)]
        case .adam(let b1, let b2, let e): [("beta1", b1), ("beta2", b2), ("eps", e)]
        case .adaBound(let f, let g, let b1, let b2, let e):
            [("final_lr", f), ("gamma", g), ("beta1", b1), ("beta2", b2), ("eps", e)]
        }
    }
}
