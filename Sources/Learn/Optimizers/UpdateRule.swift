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
    /// each, zero before the first step; `t` is the 1-based step number. float32 runs 16 lanes
    /// at a time.
    func apply<F: Lanes>(param: UnsafeMutablePointer<F>, grad: UnsafePointer<F>,
                         state: UnsafeMutablePointer<F>, count n: Int, t: Int, lr: Double) where F.Element == F {
        guard F.self == Float.self else {
            return run(F.self, param, grad, state, 0..<n, n, t, lr)
        }
        let (p, g, s) = (UnsafeMutableRawPointer(param).assumingMemoryBound(to: Float.self),
                         UnsafeRawPointer(grad).assumingMemoryBound(to: Float.self),
                         UnsafeMutableRawPointer(state).assumingMemoryBound(to: Float.self))
        inLanes(n) { vectors, tail in
            run(SIMD16<Float>.self, p, g, s, vectors, n, t, lr)
            run(Float.self, p, g, s, tail, n, t, lr)
        }
    }

    /// The rule on elements `range`, `L.count` at a time.
    private func run<L: Lanes>(_: L.Type, _ param: UnsafeMutablePointer<L.Element>, _ grad: UnsafePointer<L.Element>,
                               _ state: UnsafeMutablePointer<L.Element>, _ range: Range<Int>, _ n: Int,
                               _ t: Int, _ lr: Double) {
        func c(_ v: Double) -> L { L(broadcast: L.Element(v)) }
        let eta = c(lr)
        func each(_ body: (Int) -> Void) {
            var i = range.lowerBound
            while i < range.upperBound {
                body(i)
                i += L.count
            }
        }
        switch rule {
        case .sgd:
            each { i in (L(loading: param + i) - eta * L(loading: grad + i)).store(param + i) }
        case .momentum(let gamma):
            let gm = c(gamma)
            each { i in
                let v = gm * L(loading: state + i) + eta * L(loading: grad + i)
                v.store(state + i)
                (L(loading: param + i) - v).store(param + i)
            }
        case .nag(let gamma):
            let gm = c(gamma)
            each { i in
                let step = eta * L(loading: grad + i)
                let v = gm * L(loading: state + i) + step
                v.store(state + i)
                (L(loading: param + i) - (gm * v + step)).store(param + i)
            }
        case .adagrad(let eps):
            let e = c(eps)
            each { i in
                let d = L(loading: grad + i)
                let g = L(loading: state + i) + d * d
                g.store(state + i)
                (L(loading: param + i) - eta * d / (g.squareRoot() + e)).store(param + i)
            }
        case .rmsprop(let gamma, let eps):
            let (gm, rest, e) = (c(gamma), c(1 - gamma), c(eps))
            each { i in
                let d = L(loading: grad + i)
                let g = gm * L(loading: state + i) + rest * d * d
                g.store(state + i)
                (L(loading: param + i) - eta * d / (g.squareRoot() + e)).store(param + i)
            }
        case .adam(let beta1, let beta2, let eps):
            let (b1, b2, r1, r2, e) = (c(beta1), c(beta2), c(1 - beta1), c(1 - beta2), c(eps))
            let (c1, c2) = (c(1 / (1 - pow(beta1, t))), c(1 / (1 - pow(beta2, t))))
            let (m, g) = (state, state + n)
            each { i in
                let d = L(loading: grad + i)
                let mi = b1 * L(loading: m + i) + r1 * d
                let gi = b2 * L(loading: g + i) + r2 * d * d
                mi.store(m + i)
                gi.store(g + i)
                (L(loading: param + i) - eta * (mi * c1) / ((gi * c2).squareRoot() + e)).store(param + i)
            }
        case .adaBound(let finalLR, let gamma, let beta1, let beta2, let eps):
            let (b1, b2, r1, r2, e) = (c(beta1), c(beta2), c(1 - beta1), c(1 - beta2), c(eps))
            let stepSize = c(lr * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t)))
            let f = finalLR * lr / baseLR
            let lower = c(f * (1 - 1 / (gamma * Double(t) + 1)))
            let upper = c(f * (1 + 1 / (gamma * Double(t))))
            let (m, g) = (state, state + n)
            each { i in
                let d = L(loading: grad + i)
                let mi = b1 * L(loading: m + i) + r1 * d
                let gi = b2 * L(loading: g + i) + r2 * d * d
                mi.store(m + i)
                gi.store(g + i)
                let rate = (stepSize / (gi.squareRoot() + e)).limited(lower, upper)
                (L(loading: param + i) - rate * mi).store(param + i)
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
