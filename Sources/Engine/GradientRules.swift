/// The one table of backward rules: for each op, the gradients of its inputs from the gradient
/// of its output. Rules run with recording off and are written with the forward ops.
extension Op {
    /// The gradients of `inputs` given `g`, the gradient of `output` (nil for an input that needs
    /// none); `saved` is what the forward pass kept for the rule (see `GraphNode.saved`). Rules
    /// return `.init(a, b)`, not a literal `[a, b]`: in a function this large the optimizer puts
    /// a literal's variadic array on the heap, one allocation per rule and step.
    func gradients(_ g: Tensor, _ inputs: SmallArray<Tensor>, _ output: Tensor, _ saved: SmallArray<Tensor>) throws -> SmallArray<Tensor?> {
        let i = inputs
        /// Whether input `k` needs its gradient.
        func wants(_ k: Int) -> Bool { i[k].requiresGrad }
        /// The output's value, outside the graph.
        var out: Tensor { output.detach() }
        switch self {
        // Copies and shape.
        case .copy:
            return .init(g)
        case .cast:
            return .init(try Ops.cast(g, i[0].dtype))
        case .broadcastTo:
            return .init(try Ops.sumTo(g, i[0].shape))
        case .reshape:
            return .init(try Ops.reshape(g, i[0].shape))
        case .permute(let inverse):
            return .init(try Ops.permute(g, inverse))
        case .slice(let plan):
            let z = try Tensor.empty(i[0].shape, dtype: g.dtype, zeroed: true)
            Kernels.copy(g, into: plan.view(of: z))
            return .init(z)
        case .gather(let axis, let indices):
            let z = try Tensor.empty(i[0].shape, dtype: g.dtype, zeroed: true)
            for (j, index) in indices.enumerated() {
                let dst = z.select(axis, index)
                try Kernels.binary(.add, dst, g.select(axis, j), into: dst)
            }
            return .init(z)
        case .cat(let axis, let starts):
            return SmallArray(try zip(i, starts).map { t, s in
                t.requiresGrad ? try Ops.cast(Ops.copyRaw(g.narrow(axis, s, t.shape[axis])), t.dtype) : nil
            })

        // Elementwise, binary: each gradient summed back to its operand's (broadcast) shape.
        case .add:
            return .init(wants(0) ? try Ops.sumTo(g, i[0].shape) : nil, wants(1) ? try Ops.sumTo(g, i[1].shape) : nil)
        case .sub:
            return .init(wants(0) ? try Ops.sumTo(g, i[0].shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.unary(.scale(-1), g), i[1].shape) : nil)
        case .mul:
            return .init(wants(0) ? try Ops.sumTo(Ops.binary(.mul, g, i[1]), i[0].shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.binary(.mul, g, i[0]), i[1].shape) : nil)
        case .div:
            return .init(wants(0) ? try Ops.sumTo(Ops.binary(.div, g, i[1]), i[0].shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.binary(.mul, g, Ops.binary(.div, Ops.unary(.scale(-1), out), i[1])), i[1].shape) : nil)
        case .pow:
            let (a, b) = (i[0], i[1])
            let one = Tensor.scalar(1, dtype: b.dtype)
            return .init(wants(0) ? try Ops.sumTo(Ops.binary(.mul, g, Ops.binary(.mul, b, Ops.binary(.pow, a, Ops.binary(.sub, b, one)))), a.shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.binary(.mul, g, Ops.binary(.mul, out, Ops.unary(.log, a))), b.shape) : nil)
        case .maximum, .minimum:
            // The gradient goes to whichever operand the result came from (the first on ties).
            return .init(wants(0) ? try Ops.sumTo(Ops.binary(.mul, g, Ops.binary(.eq, i[0], out)), i[0].shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.binary(.mul, g, Ops.binary(.ne, i[0], out)), i[1].shape) : nil)

        // Elementwise, unary.
        case .exp:
            return .init(try Ops.binary(.mul, g, out))
        case .log:
            return .init(try Ops.binary(.div, g, i[0]))
        case .sqrt:
            return .init(try Ops.binary(.div, Ops.unary(.scale(0.5), g), out))
        case .abs:
            return .init(try Ops.binary(.mul, g, Ops.unary(.sign, i[0])))
        case .relu:
            return .init(try Ops.binary(.maskPositive, g, out))
        case .sigmoid:
            let s = out
            return .init(try Ops.binary(.mul, g, Ops.binary(.mul, s, Ops.binary(.sub, Tensor.scalar(1, dtype: s.dtype), s))))
        case .tanh:
            let t = out
            return .init(try Ops.binary(.mul, g, Ops.binary(.sub, Tensor.scalar(1, dtype: t.dtype), Ops.binary(.mul, t, t))))
        case .clamp(let lo, let hi):
            let x = i[0]
            let inside = try Ops.binary(.mul, Ops.binary(.ge, x, Tensor.scalar(lo, dtype: x.dtype)), Ops.binary(.le, x, Tensor.scalar(hi, dtype: x.dtype)))
            return .init(try Ops.binary(.mul, g, inside))
        case .powScalar(let e):
            return .init(try Ops.binary(.mul, g, Ops.unary(.scale(e), e == 2 ? i[0] : Ops.unary(.powScalar(e - 1), i[0]))))
        case .scale(let s):
            return .init(try Ops.unary(.scale(s), g))

        // Reductions: the gradient spreads back over the reduced axes; for max and min it is
        // shared equally between the tied extremes.
        case .sum(let kept):
            return .init(try Ops.broadcastTo(Ops.reshape(g, kept), i[0].shape))
        case .max(let kept, let axes), .min(let kept, let axes):
            let hit = try Ops.binary(.eq, i[0], Ops.reshape(out, kept))
            let ties = try Ops.reduce(.sum, hit, axes: axes, keepdims: true, name: name)
            return .init(try Ops.binary(.mul, hit, Ops.binary(.div, Ops.reshape(g, kept), ties)))

        // Products and fused ops.
        case .matmul:
            return .init(wants(0) ? try Ops.sumTo(Ops.matmul(g, Ops.transposeLast(i[1])), i[0].shape) : nil,
                         wants(1) ? try Ops.sumTo(Ops.matmul(Ops.transposeLast(i[0]), g), i[1].shape) : nil)
        case .linear(let activation):
            // Through the activation first (its rule reads only the output), then x·wᵀ + b.
            let d = try activation.map { try Op($0).gradients(g, i, output, saved)[0]! } ?? g
            return .init(wants(0) ? try Ops.matmul(d, i[1]) : nil,
                         wants(1) ? try Ops.matmul(Ops.transposeLast(d), i[0]) : nil,
                         i.count > 2 && wants(2) ? try Ops.sumTo(d, i[2].shape) : nil)
        case .mseLoss(let scale):
            // dL/dpred = 2·(pred − target)·scale.
            let gp = try Ops.unary(.scale(2 * scale * g.item()), saved[0])
            return .init(wants(0) ? gp : nil, wants(1) ? try Ops.unary(.scale(-1), gp) : nil)
        case .crossEntropy(let classes, let scale):
            // dL/dlogits = (softmax − one-hot)·scale, on one copy of the probabilities.
            let probs = saved[0]
            let (d, c) = (Tensor.copying(probs), probs.shape[1])
            let k = classes.base(Int64.self)
            d.withBase { p in
                for row in 0..<classes.count { p[row * c + Int(k[row])] -= 1 }
            } f64: { p in
                for row in 0..<classes.count { p[row * c + Int(k[row])] -= 1 }
            } i64: { _ in }
            try Kernels.unary(.scale(scale * g.item()), d, into: d)
            return .init(d)
        }
    }

    /// The elementwise op of a fused activation, whose rule `linear` applies first.
    init(_ activation: FusedActivation) {
        switch activation {
        case .relu: self = .relu
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        }
    }
}
