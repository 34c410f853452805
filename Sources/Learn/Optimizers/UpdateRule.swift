/// The update rules on raw buffers: one in-place pass over a parameter, its gradient and the
/// rule's state, with no allocation.
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
struct UpdateRule {
    let rule: OptimizerRecipe.Rule
    /// The recipe's learning rate η₀, which AdaBound's bounds are relative to.
    let baseLR: Double

    /// One step of the rule. `state` holds `rule.stateSlots` buffers of `param.count` elements
    /// each, zero before the first step; `t` is the 1-based step number.
    func apply<F: BinaryFloatingPoint>(param: UnsafeMutablePointer<F>, grad: UnsafePointer<F>,
                                       state: UnsafeMutablePointer<F>, count n: Int,
                                       t: Int, lr: Double) {
        let eta = F(lr)
        switch rule {
        case .sgd:
            for i in 0..<n { param[i] -= eta * grad[i] }
        case .momentum(let gamma):
            let gm = F(gamma)
            for i in 0..<n {
                let v = gm * state[i] + eta * grad[i]
                state[i] = v
                param[i] -= v
            }
        case .nag(let gamma):
            let gm = F(gamma)
            for i in 0..<n {
                let step = eta * grad[i]
                let v = gm * state[i] + step
                state[i] = v
                param[i] -= gm * v + step
            }
        case .adagrad(let eps):
            let e = F(eps)
            for i in 0..<n {
                let d = grad[i]
                let g = state[i] + d * d
                state[i] = g
                param[i] -= eta * d / (g.squareRoot() + e)
            }
        case .rmsprop(let gamma, let eps):
            let gm = F(gamma), e = F(eps), rest = F(1 - gamma)
            for i in 0..<n {
                let d = grad[i]
                let g = gm * state[i] + rest * d * d
                state[i] = g
                param[i] -= eta * d / (g.squareRoot() + e)
            }
        case .adam(let beta1, let beta2, let eps):
            let b1 = F(beta1), b2 = F(beta2), e = F(eps), r1 = F(1 - beta1), r2 = F(1 - beta2)
            let c1 = F(1 / (1 - pow(beta1, t))), c2 = F(1 / (1 - pow(beta2, t)))
            let m = state, g = state + n
            for i in 0..<n {
                let d = grad[i]
                let mi = b1 * m[i] + r1 * d
                let gi = b2 * g[i] + r2 * d * d
                m[i] = mi
                g[i] = gi
                param[i] -= eta * (mi * c1) / ((gi * c2).squareRoot() + e)
            }
        case .adaBound(let finalLR, let gamma, let beta1, let beta2, let eps):
            let b1 = F(beta1), b2 = F(beta2), e = F(eps), r1 = F(1 - beta1), r2 = F(1 - beta2)
            let stepSize = F(lr * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t)))
            let f = finalLR * lr / baseLR
            let lower = F(f * (1 - 1 / (gamma * Double(t) + 1)))
            let upper = F(f * (1 + 1 / (gamma * Double(t))))
            let m = state, g = state + n
            for i in 0..<n {
                let d = grad[i]
                let mi = b1 * m[i] + r1 * d
                let gi = b2 * g[i] + r2 * d * d
                m[i] = mi
                g[i] = gi
                let rate = Swift.min(Swift.max(stepSize / (gi.squareRoot() + e), lower), upper)
                param[i] -= rate * mi
            }
        }
    }
}

/// xⁿ for a step count, without Foundation.
private func pow(_ x: Double, _ n: Int) -> Double {
    var result = 1.0, base = x, e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
