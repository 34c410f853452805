import CKernels
import Interruption

/// The optimizers' update rules, the lecture's (formulas, and where they differ from PyTorch's,
/// on Learn's `OptimizerRecipe`). Engine applies them in place (`Tensor.optimizerStep_`), so
/// that a training step's arithmetic is all Engine's.
public enum OptimizerRule: Sendable, Equatable {
    case sgd
    case momentum(gamma: Double)
    case nag(gamma: Double)
    case adagrad(eps: Double)
    case rmsprop(gamma: Double, eps: Double)
    case adam(beta1: Double, beta2: Double, eps: Double)
    case adaBound(finalLR: Double, gamma: Double, beta1: Double, beta2: Double, eps: Double)

    /// How many buffers of the parameter's size the rule keeps between steps.
    public var stateSlots: Int {
        switch self {
        case .sgd: 0
        case .momentum, .nag, .adagrad, .rmsprop: 1
        case .adam, .adaBound: 2
        }
    }
}

/// What an update rule keeps for one parameter between steps (velocities, squared-gradient sums,
/// moments): `stateSlots` buffers of the parameter's size, zero before the first step, allocated
/// once so that a step allocates nothing.
public final class OptimizerState {
    fileprivate let raw: UnsafeMutableRawPointer

    /// State for `rule` on `parameter`, in double precision, which serves every parameter (the
    /// float32 fast path uses the first half of it).
    public init(_ rule: OptimizerRule, for parameter: Tensor) {
        let bytes = Swift.max(rule.stateSlots * parameter.count * MemoryLayout<Double>.size, 8)
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { raw.deallocate() }
}

extension Tensor {
    /// One step of `rule` on this parameter, in place: θ from θ, its gradient `grad` and `state`,
    /// at step `t` (from 1) and learning rate `lr`; `baseLR` is the initial rate, which AdaBound's
    /// bounds follow. A contiguous float32 parameter is updated in one pass over its buffers (16
    /// lanes at a time); others (float64, for `minimize`) in double precision on copies.
    public func optimizerStep_(_ rule: OptimizerRule, grad: Tensor, state: OptimizerState,
                               step t: Int, lr: Double, baseLR: Double) throws {
        guard grad.shape == shape, grad.dtype == dtype else {
            throw EngineError.value("optimizer step: gradient \(describe(grad.shape)) \(grad.dtype.rawValue) for a parameter \(describe(shape)) \(dtype.rawValue)")
        }
        let update = UpdateRule(rule: rule, baseLR: baseLR)
        if dtype == .float32 && isContiguous && grad.isContiguous {
            update.apply(param: base(Float.self), grad: UnsafePointer(grad.base(Float.self)),
                         state: state.raw.assumingMemoryBound(to: Float.self), count: count, t: t, lr: lr)
            return
        }
        var values = scalars()
        let grads = grad.scalars()
        values.withUnsafeMutableBufferPointer { vb in
            grads.withUnsafeBufferPointer { gb in
                update.apply(param: vb.baseAddress!, grad: gb.baseAddress!, state: state.raw.assumingMemoryBound(to: Double.self),
                             count: vb.count, t: t, lr: lr)
            }
        }
        let updated = try Tensor(shape: shape, scalars: values, dtype: dtype)
        try Autograd.noGrad { try setIndex([.ellipsis], to: updated) }
    }
}

/// The update rules on raw buffers: one in-place pass over a parameter, its gradient and the
/// rule's state, with no allocation.
struct UpdateRule {
    let rule: OptimizerRule
    /// The recipe's learning rate η₀, which AdaBound's bounds are relative to.
    let baseLR: Double

    /// One step of the rule. `state` holds `rule.stateSlots` buffers of `param.count` elements
    /// each, zero before the first step; `t` is the 1-based step number. float32 runs 16 lanes
    /// at a time when `vectors`; SGD's step then runs in C at the CPU's widest vectors (AVX-512
    /// or AVX2, chosen at load; Swift compiles for SSE2), the same arithmetic (`LanesTests`):
    /// it is the update every lecture program makes, a memory-bound pass over all the weights.
    func apply<F: Lanes>(param: UnsafeMutablePointer<F>, grad: UnsafePointer<F>,
                         state: UnsafeMutablePointer<F>, count n: Int, t: Int, lr: Double,
                         vectors: Bool = vectorsByDefault) where F.Element == F {
        guard F.self == Float.self else {
            return run(F.self, param, grad, state, 0..<n, n, t, lr)
        }
        let (p, g, s) = (UnsafeMutableRawPointer(param).assumingMemoryBound(to: Float.self),
                         UnsafeRawPointer(grad).assumingMemoryBound(to: Float.self),
                         UnsafeMutableRawPointer(state).assumingMemoryBound(to: Float.self))
        if case .sgd = rule, vectors { return descent_sgd_step_f32(p, g, Float(lr), n) }
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
        // Plain loops, not a helper taking the body as a closure: the compiler kept that closure
        // out of line, one call per vector, and SGD's step took twice as long (perf, the lecture's
        // programs).
        let vectors = stride(from: range.lowerBound, to: range.upperBound, by: L.count)
        /// Adam's moments, shared by Adam and AdaBound: m and g (state's two halves) updated in
        /// place at `i` with `betas` (β₁, β₂, 1 - β₁, 1 - β₂), and returned to step the parameter.
        @inline(__always) func moments(_ i: Int, _ betas: (L, L, L, L)) -> (L, L) {
            let (b1, b2, r1, r2) = betas
            let (m, g) = (state, state + n)
            let d = L(loading: grad + i)
            let mi = b1 * L(loading: m + i) + r1 * d
            let gi = b2 * L(loading: g + i) + r2 * d * d
            mi.store(m + i)
            gi.store(g + i)
            return (mi, gi)
        }
        switch rule {
        case .sgd:
            for i in vectors { (L(loading: param + i) - eta * L(loading: grad + i)).store(param + i) }
        case .momentum(let gamma):
            let gm = c(gamma)
            for i in vectors {
                let v = gm * L(loading: state + i) + eta * L(loading: grad + i)
                v.store(state + i)
                (L(loading: param + i) - v).store(param + i)
            }
        case .nag(let gamma):
            let gm = c(gamma)
            for i in vectors {
                let step = eta * L(loading: grad + i)
                let v = gm * L(loading: state + i) + step
                v.store(state + i)
                (L(loading: param + i) - (gm * v + step)).store(param + i)
            }
        case .adagrad(let eps):
            let e = c(eps)
            for i in vectors {
                let d = L(loading: grad + i)
                let g = L(loading: state + i) + d * d
                g.store(state + i)
                (L(loading: param + i) - eta * d / (g.squareRoot() + e)).store(param + i)
            }
        case .rmsprop(let gamma, let eps):
            let (gm, rest, e) = (c(gamma), c(1 - gamma), c(eps))
            for i in vectors {
                let d = L(loading: grad + i)
                let g = gm * L(loading: state + i) + rest * d * d
                g.store(state + i)
                (L(loading: param + i) - eta * d / (g.squareRoot() + e)).store(param + i)
            }
        case .adam(let beta1, let beta2, let eps):
            let e = c(eps), betas = (c(beta1), c(beta2), c(1 - beta1), c(1 - beta2))
            let (c1, c2) = (c(1 / (1 - pow(beta1, t))), c(1 / (1 - pow(beta2, t))))
            for i in vectors {
                let (mi, gi) = moments(i, betas)
                (L(loading: param + i) - eta * (mi * c1) / ((gi * c2).squareRoot() + e)).store(param + i)
            }
        case .adaBound(let finalLR, let gamma, let beta1, let beta2, let eps):
            let e = c(eps)
            let stepSize = c(lr * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t)))
            let f = finalLR * lr / baseLR
            let lower = c(f * (1 - 1 / (gamma * Double(t) + 1)))
            let upper = c(f * (1 + 1 / (gamma * Double(t))))
            let betas = (c(beta1), c(beta2), c(1 - beta1), c(1 - beta2))
            for i in vectors {
                let (mi, gi) = moments(i, betas)
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
