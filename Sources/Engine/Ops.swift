import Interruption

/// The primitive ops: each computes its result with a kernel and records its `Op` (whose rule is
/// in GradientRules.swift). Everything else in the engine (public methods, composites, losses)
/// is built from these.
enum Ops {
    // MARK: copies and casts

    /// A contiguous copy that gradients flow through.
    static func copy(_ a: Tensor) throws -> Tensor {
        Graph.record(try copyRaw(a), .copy, [a])
    }

    static func copyRaw(_ a: Tensor) throws -> Tensor {
        let out = try Tensor.empty(a.shape, dtype: a.dtype)
        Kernels.copy(a, into: out)
        return out
    }

    /// `a` converted to `dtype` (itself when it already has it, unless `copy`).
    static func cast(_ a: Tensor, _ dtype: DType, copy: Bool = false) throws -> Tensor {
        if a.dtype == dtype && !copy { return a }
        let out = try Tensor.empty(a.shape, dtype: dtype)
        Kernels.copy(a, into: out)
        guard dtype.isFloatingPoint && a.dtype.isFloatingPoint else { return out }
        return Graph.record(out, .cast, [a])
    }

    /// `a` materialized at a broadcast shape.
    static func broadcastTo(_ a: Tensor, _ shape: Dims) throws -> Tensor {
        if a.shape == shape { return a }
        guard Strided.broadcast(a.shape, shape) == shape else {
            throw EngineError.value("broadcast_to: shape \(describe(a.shape)) cannot be broadcast to \(describe(shape))")
        }
        let out = try Tensor.empty(shape, dtype: a.dtype)
        Kernels.copy(a, into: out)
        return Graph.record(out, .broadcastTo, [a])
    }

    /// Sums a broadcast gradient back down to the shape of the operand it was broadcast from.
    static func sumTo(_ g: Tensor, _ shape: Dims) throws -> Tensor {
        if g.shape == shape { return g }
        let out = try Tensor.empty(shape, dtype: g.dtype)
        Kernels.reduce(.sum, g, into: out)
        return out
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
        switch op {
        case .floorDiv, .eq, .ne, .lt, .le, .gt, .ge: try Trace.forbidReading("comparing tensors (\(name(op)))", a, b)
        default: break
        }
        guard let shape = Strided.broadcast(a.shape, b.shape) else {
            throw EngineError.value("\(name(op)): shapes \(describe(a.shape)) and \(describe(b.shape)) cannot be broadcast together")
        }
        var dtype = DType.promote(a.dtype, b.dtype)
        if dtype == .int64 && (op == .div || op == .pow) && !(op == .pow && b.dtype == .int64) { dtype = .float32 }
        let (x, y) = (try cast(a, dtype), try cast(b, dtype))
        let out = try Tensor.empty(shape, dtype: dtype)
        try Kernels.binary(op, x, y, into: out)
        guard dtype.isFloatingPoint else { return out }
        let recorded: Op
        switch op {
        case .add: recorded = .add
        case .sub: recorded = .sub
        case .mul: recorded = .mul
        case .div: recorded = .div
        case .pow: recorded = .pow
        case .maximum: recorded = .maximum
        case .minimum: recorded = .minimum
        // floor_divide is piecewise constant: like PyTorch, its result carries no gradient.
        case .floorDiv, .eq, .ne, .lt, .le, .gt, .ge, .maskPositive: return out
        }
        return Graph.record(out, recorded, [x, y])
    }

    /// op(a) elementwise for floating-point tensors (int64 inputs are converted to float32).
    static func unary(_ op: Kernels.Unary, _ a: Tensor) throws -> Tensor {
        if case .sign = op { try Trace.forbidReading("sign", a) }
        let x = a.dtype.isFloatingPoint ? a : try cast(a, .float32)
        let out = try Tensor.empty(x.shape, dtype: x.dtype)
        try Kernels.unary(op, x, into: out)
        let recorded: Op
        switch op {
        case .exp: recorded = .exp
        case .log: recorded = .log
        case .sqrt: recorded = .sqrt
        case .abs: recorded = .abs
        case .relu: recorded = .relu
        case .sigmoid: recorded = .sigmoid
        case .tanh: recorded = .tanh
        case .sign: return out
        case .clamp(let lo, let hi): recorded = .clamp(lo, hi)
        case .powScalar(let e): recorded = .powScalar(e)
        case .scale(let s): recorded = .scale(s)
        }
        return Graph.record(out, recorded, [x])
    }

    // MARK: reductions

    /// Reduces over `axes` (all when nil); the result keeps size-1 dimensions when `keepdims`.
    static func reduce(_ op: Kernels.Reduce, _ a: Tensor, axes: [Int]?, keepdims: Bool, name: String) throws -> Tensor {
        // The axes normalized, each once: a few, so a linear search, and no set or array to make.
        var reduced = axes == nil ? Dims(0..<a.ndim) : Dims()
        for axis in axes ?? [] {
            let n = try Strided.axis(axis, a.ndim, name)
            if !reduced.contains(n) { reduced.append(n) }
        }
        let axes = reduced
        if op != .sum, a.count == 0 { throw EngineError.value("\(name): cannot reduce an empty tensor") }
        let kept = Dims(count: a.ndim) { axes.contains($0) ? 1 : a.shape[$0] }
        let out = try Tensor.empty(kept, dtype: a.dtype)
        Kernels.reduce(op, a, into: out)
        let result = keepdims ? out : try reshape(out, Dims(a.shape.indices.lazy.filter { !axes.contains($0) }.map { a.shape[$0] }))
        guard a.dtype.isFloatingPoint else { return result }
        return Graph.record(result, {
            switch op {
            case .sum: Op.sum(kept: kept)
            case .max: Op.max(kept: kept, axes: axes.sorted())
            case .min: Op.min(kept: kept, axes: axes.sorted())
            }
        }(), [a])
    }

    // MARK: views

    /// A view of `a` with new geometry over the same storage, recorded as `op`.
    static func view(_ a: Tensor, shape: Dims, strides: Dims?, offset: Int, _ op: @autoclosure () -> Op) -> Tensor {
        Graph.record(Tensor.make(storage: a.storage, offset: offset, shape: shape, strides: strides), op(), [a])
    }

    /// `a` with a new shape: a view when `a` is contiguous, a copy otherwise.
    static func reshape(_ a: Tensor, _ shape: Dims) throws -> Tensor {
        if shape == a.shape { return a }
        guard shape.allSatisfy({ $0 >= 0 }), try Strided.count(shape) == a.count else {
            throw EngineError.value("reshape: cannot reshape a tensor of shape \(describe(a.shape)) (\(a.count) elements) into \(describe(shape))")
        }
        let src = a.isContiguous ? a : try copy(a)
        return view(src, shape: shape, strides: nil, offset: src.offset, .reshape)
    }

    /// `a` with its dimensions reordered (a view).
    static func permute(_ a: Tensor, _ order: [Int]) throws -> Tensor {
        guard isPermutation(order, of: a.ndim) else {
            throw EngineError.value("permute: \(order) is not a permutation of the \(a.ndim) dimensions of \(describe(a.shape))")
        }
        return view(a, shape: Dims(order.lazy.map { a.shape[$0] }), strides: Dims(order.lazy.map(a.strideAt)), offset: a.offset,
                    .permute(inverse: inversePermutation(order)))
    }

    /// Whether `order` holds each of 0..<n once; without sorting a copy (backward transposes
    /// twice a step).
    static func isPermutation(_ order: [Int], of n: Int) -> Bool {
        guard order.count == n else { return false }
        var seen = [Bool](repeating: false, count: n)
        for i in order {
            guard i >= 0, i < n, !seen[i] else { return false }
            seen[i] = true
        }
        return true
    }

    /// The order that undoes `order`: what the gradient of a permute permutes by.
    static func inversePermutation(_ order: [Int]) -> [Int] {
        var inverse = order
        for (i, o) in order.enumerated() { inverse[o] = i }
        return inverse
    }
}
