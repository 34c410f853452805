import Interruption

/// The primitive ops: each computes its result with a kernel and records one backward rule.
/// Everything else in the engine (public methods, composites, losses) is built from these.
enum Ops {
    // MARK: copies and casts

    /// A contiguous copy that gradients flow through.
    static func copy(_ a: Tensor) throws -> Tensor {
        Graph.record(try copyRaw(a), "copy", [a]) { g, _, _ in [g] }
    }

    static func copyRaw(_ a: Tensor) throws -> Tensor {
        let out = try Tensor(empty: a.shape, dtype: a.dtype)
        Kernels.copy(a, into: out)
        return out
    }

    /// `a` converted to `dtype` (itself when it already has it, unless `copy`).
    static func cast(_ a: Tensor, _ dtype: DType, copy: Bool = false) throws -> Tensor {
        if a.dtype == dtype && !copy { return a }
        let out = try Tensor(empty: a.shape, dtype: dtype)
        Kernels.copy(a, into: out)
        guard dtype.isFloatingPoint && a.dtype.isFloatingPoint else { return out }
        return Graph.record(out, "cast", [a]) { g, inputs, _ in [try cast(g, inputs[0].dtype)] }
    }

    /// `a` materialized at a broadcast shape.
    static func broadcastTo(_ a: Tensor, _ shape: [Int]) throws -> Tensor {
        if a.shape == shape { return a }
        guard Strided.broadcast(a.shape, shape) == shape else {
            throw EngineError.value("broadcast_to: shape \(describe(a.shape)) cannot be broadcast to \(describe(shape))")
        }
        let out = try Tensor(empty: shape, dtype: a.dtype)
        Kernels.copy(a, into: out)
        return Graph.record(out, "broadcast_to", [a]) { g, inputs, _ in [try sumTo(g, inputs[0].shape)] }
    }

    /// Sums a broadcast gradient back down to the shape of the operand it was broadcast from.
    static func sumTo(_ g: Tensor, _ shape: [Int]) throws -> Tensor {
        if g.shape == shape { return g }
        let lead = g.ndim - shape.count
        let keep = (0..<g.ndim).map { i in i < lead ? 1 : shape[i - lead] }
        let out = try Tensor(empty: keep, dtype: g.dtype)
        Kernels.reduce(.sum, g, into: out)
        return try reshape(out, shape)
    }

    // MARK: elementwise

    static func name(_ op: Kernels.Binary) -> String {
        switch op {
        case .add: "add"; case .sub: "sub"; case .mul: "mul"; case .div: "div"; case .floorDiv: "floor_divide"; case .pow: "pow"
        case .maximum: "maximum"; case .minimum: "minimum"; case .eq: "eq"; case .ne: "ne"
        case .lt: "lt"; case .le: "le"; case .gt: "gt"; case .ge: "ge"; case .maskPositive: "relu_backward"
        }
    }

    /// a op b with broadcasting and type promotion; comparisons give 0/1 without a graph.
    static func binary(_ op: Kernels.Binary, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard let shape = Strided.broadcast(a.shape, b.shape) else {
            throw EngineError.value("\(name(op)): shapes \(describe(a.shape)) and \(describe(b.shape)) cannot be broadcast together")
        }
        var dtype = DType.promote(a.dtype, b.dtype)
        if dtype == .int64 && (op == .div || op == .pow) && !(op == .pow && b.dtype == .int64) { dtype = .float32 }
        let (x, y) = (try cast(a, dtype), try cast(b, dtype))
        let out = try Tensor(empty: shape, dtype: dtype)
        try Kernels.binary(op, x, y, into: out)
        guard dtype.isFloatingPoint else { return out }
        switch op {
        case .add: return Graph.record(out, "add", [x, y]) { g, i, _ in
            [try sumTo(g, i[0].shape), try sumTo(g, i[1].shape)] }
        case .sub: return Graph.record(out, "sub", [x, y]) { g, i, _ in
            [try sumTo(g, i[0].shape), i[1].requiresGrad ? try sumTo(unary(.scale(-1), g), i[1].shape) : nil] }
        case .mul: return Graph.record(out, "mul", [x, y]) { g, i, _ in
            [i[0].requiresGrad ? try sumTo(binary(.mul, g, i[1]), i[0].shape) : nil,
             i[1].requiresGrad ? try sumTo(binary(.mul, g, i[0]), i[1].shape) : nil] }
        case .div: return Graph.record(out, "div", [x, y]) { g, i, out in
            [i[0].requiresGrad ? try sumTo(binary(.div, g, i[1]), i[0].shape) : nil,
             i[1].requiresGrad ? try sumTo(binary(.mul, g, binary(.div, unary(.scale(-1), out.detach()), i[1])), i[1].shape) : nil] }
        case .pow: return Graph.record(out, "pow", [x, y]) { g, i, out in
            let (a, b) = (i[0], i[1])
            let ga = a.requiresGrad
                ? try sumTo(binary(.mul, g, binary(.mul, b, binary(.pow, a, binary(.sub, b, Tensor(1, dtype: b.dtype))))), a.shape) : nil
            let gb = b.requiresGrad ? try sumTo(binary(.mul, g, binary(.mul, out.detach(), unary(.log, a))), b.shape) : nil
            return [ga, gb] }
        case .maximum, .minimum: return Graph.record(out, name(op), [x, y]) { g, i, out in
            let o = out.detach()
            return [i[0].requiresGrad ? try sumTo(binary(.mul, g, binary(.eq, i[0], o)), i[0].shape) : nil,
                    i[1].requiresGrad ? try sumTo(binary(.mul, g, binary(.ne, i[0], o)), i[1].shape) : nil] }
        // floor_divide is piecewise constant: like PyTorch, its result carries no gradient.
        case .floorDiv, .eq, .ne, .lt, .le, .gt, .ge, .maskPositive: return out
        }
    }

    /// op(a) elementwise for floating-point tensors (int64 inputs are converted to float32).
    static func unary(_ op: Kernels.Unary, _ a: Tensor) throws -> Tensor {
        let x = a.dtype.isFloatingPoint ? a : try cast(a, .float32)
        let out = try Tensor(empty: x.shape, dtype: x.dtype)
        try Kernels.unary(op, x, into: out)
        guard Autograd.isEnabled && x.requiresGrad else { return out }
        let rule: BackwardRule
        let name: String
        switch op {
        case .exp: (name, rule) = ("exp", { g, _, out in [try binary(.mul, g, out.detach())] })
        case .log: (name, rule) = ("log", { g, i, _ in [try binary(.div, g, i[0])] })
        case .sqrt: (name, rule) = ("sqrt", { g, _, out in [try binary(.div, unary(.scale(0.5), g), out.detach())] })
        case .abs: (name, rule) = ("abs", { g, i, _ in [try binary(.mul, g, unary(.sign, i[0]))] })
        case .relu: (name, rule) = ("relu", { g, _, out in [try binary(.maskPositive, g, out.detach())] })
        case .sigmoid: (name, rule) = ("sigmoid", { g, _, out in
            let s = out.detach()
            return [try binary(.mul, g, binary(.mul, s, binary(.sub, Tensor(1, dtype: s.dtype), s)))] })
        case .tanh: (name, rule) = ("tanh", { g, _, out in
            let t = out.detach()
            return [try binary(.mul, g, binary(.sub, Tensor(1, dtype: t.dtype), binary(.mul, t, t)))] })
        case .sign: return out
        case .clamp(let lo, let hi): (name, rule) = ("clamp", { g, i, _ in
            let inside = try binary(.mul, binary(.ge, i[0], Tensor(lo, dtype: i[0].dtype)), binary(.le, i[0], Tensor(hi, dtype: i[0].dtype)))
            return [try binary(.mul, g, inside)] })
        case .powScalar(let e): (name, rule) = ("pow", { g, i, _ in
            [try binary(.mul, g, unary(.scale(e), e == 2 ? i[0] : unary(.powScalar(e - 1), i[0])))] })
        case .scale(let s): (name, rule) = ("mul", { g, _, _ in [try unary(.scale(s), g)] })
        }
        return Graph.record(out, name, [x], rule)
    }

    // MARK: reductions

    /// Reduces over `axes` (all when nil); the result keeps size-1 dimensions when `keepdims`.
    static func reduce(_ op: Kernels.Reduce, _ a: Tensor, axes: [Int]?, keepdims: Bool, name: String) throws -> Tensor {
        let axes = try Set((axes ?? Array(0..<a.ndim)).map { try Strided.axis($0, a.ndim, name) })
        if op != .sum, a.count == 0 { throw EngineError.value("\(name): cannot reduce an empty tensor") }
        let kept = a.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let out = try Tensor(empty: kept, dtype: a.dtype)
        Kernels.reduce(op, a, into: out)
        let result = keepdims ? out : try reshape(out, a.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
        guard a.dtype.isFloatingPoint else { return result }
        return Graph.record(result, name, [a]) { g, i, out in
            let gk = try reshape(g, kept)
            if op == .sum { return [try broadcastTo(gk, i[0].shape)] }
            let hit = try binary(.eq, i[0], reshape(out.detach(), kept))
            let ties = try reduce(.sum, hit, axes: Array(axes), keepdims: true, name: name)
            return [try binary(.mul, hit, binary(.div, gk, ties))]
        }
    }

    // MARK: views

    /// A view of `a` with new geometry over the same storage; gradients flow back through
    /// `back`, which maps the view's gradient to one of `a`'s shape.
    static func view(_ a: Tensor, shape: [Int], strides: [Int], offset: Int, name: String,
                     back: @escaping (Tensor, Tensor) throws -> Tensor) -> Tensor {
        let out = Tensor(storage: a.storage, offset: offset, shape: shape, strides: strides)
        return Graph.record(out, name, [a]) { g, i, _ in [try back(g, i[0])] }
    }

    /// The gradient rule shared by slicing views: scatter the view's gradient into zeros.
    static func scatterBack(_ viewOf: @escaping (Tensor) -> Tensor) -> (Tensor, Tensor) throws -> Tensor {
        { g, a in
            let z = try Tensor(empty: a.shape, dtype: g.dtype, zeroed: true)
            Kernels.copy(g, into: viewOf(z))
            return z
        }
    }

    /// `a` with a new shape: a view when `a` is contiguous, a copy otherwise.
    static func reshape(_ a: Tensor, _ shape: [Int]) throws -> Tensor {
        if shape == a.shape { return a }
        guard shape.allSatisfy({ $0 >= 0 }), try Strided.count(shape) == a.count else {
            throw EngineError.value("reshape: cannot reshape a tensor of shape \(describe(a.shape)) (\(a.count) elements) into \(describe(shape))")
        }
        let src = a.isContiguous ? a : try copy(a)
        return view(src, shape: shape, strides: Tensor.contiguousStrides(shape), offset: src.offset, name: "reshape") { g, a in
            try reshape(g, a.shape)
        }
    }

    /// `a` with its dimensions reordered (a view).
    static func permute(_ a: Tensor, _ order: [Int]) throws -> Tensor {
        guard order.sorted() == Array(0..<a.ndim) else {
            throw EngineError.value("permute: \(order) is not a permutation of the \(a.ndim) dimensions of \(describe(a.shape))")
        }
        var inverse = order
        for (i, o) in order.enumerated() { inverse[o] = i }
        return view(a, shape: order.map { a.shape[$0] }, strides: order.map { a.strides[$0] }, offset: a.offset, name: "permute") { g, _ in
            try permute(g, inverse)
        }
    }
}
