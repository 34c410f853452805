/// The update rules on raw buffers: one in-place pass over a parameter, its gradient and the
/// rule's state, with no allocation. The formulas, and where they differ from PyTorch's, are
/// documented on `OptimizerRecipe`.
struct UpdateRule {
    let rule: OptimizerRecipe.Rule
    /// The recipe's learning rate η₀, which AdaBound's bounds are relative to.
    let baseLR: Double

    /// One step of the rule. `state` holds `rule.stateSlots` buffers of `param.count` elements
    /// each, zero before the first step; `t` is the 1-based step number. float32 runs 16 lanes
    /// at a time when `vectors`.
    func apply<F: Lanes>(param: UnsafeMutablePointer<F>, grad: UnsafePointer<F>,
                         state: UnsafeMutablePointer<F>, count n: Int, t: Int, lr: Double,
                         vectors: Bool = vectorsByDefault) where F.Element == F {
        guard F.self == Float.self else {
            return run(F.self, param, grad, state, 0..<n, n, t, lr)
        }
        let (p, g, s) = (UnsafeMutableRawPointer(param).assumingMemoryBound(to: Float.self),
                         UnsafeRawPointer(grad).assumingMemoryBound(to: Float.self),
                         UnsafeMutableRawPointer(state).assumingMemoryBound(to: Float.self))
        inLanes(n, vectors: vectors) { whole, tail in
            run(SIMD16<Float>.self, p, g, s, whole, n, t, lr)
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
