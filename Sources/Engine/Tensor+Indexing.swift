import Interruption

/// One item of an index expression `x[...]`.
public enum TensorIndex {
    /// `x[i]`: picks one position and drops the dimension (negative counts from the end).
    case int(Int)
    /// `x[start:stop:step]` with Python's defaults and clipping; steps must be positive.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `x[:]`.
    case all
    /// `x[None]`: a new dimension of size 1.
    case newAxis
    /// `x[...]`: as many `:` as the other items leave.
    case ellipsis
    /// `x[idx]` with int64 indices (any shape) or a 0/1 mask over the next dimensions.
    case tensor(Tensor)
}

/// The basic (view-making) part of an index expression, resolved against a shape, plus where a
/// tensor index applies to the view.
struct IndexPlan {
    /// For each input dimension: nil when an int removed it, else the item that shapes it.
    var steps: [(dim: Int, start: Int, step: Int, count: Int)?] = []
    var intOffsets: [(dim: Int, at: Int)] = []
    /// Output positions (in the view's dimensions) where `newAxis` inserts a 1.
    var newAxes: [Int] = []
    /// The tensor index, its position among the view's dimensions, and how many it consumes.
    var advanced: (tensor: Tensor, position: Int, dims: Int)?

    init(_ items: [TensorIndex], shape: Dims) throws {
        let consumed = items.reduce(0) { n, item in
            switch item {
            case .newAxis, .ellipsis: n
            case .tensor(let t): n + (t.dtype == .int64 || t.ndim == 0 ? 1 : t.ndim)
            default: n + 1
            }
        }
        guard items.filter({ if case .ellipsis = $0 { true } else { false } }).count <= 1 else {
            throw EngineError.index("an index can only have a single ellipsis ('...')")
        }
        guard consumed <= shape.count else {
            throw EngineError.index("too many indices for tensor of dimension \(shape.count)")
        }
        var expanded: [TensorIndex] = []
        for item in items {
            if case .ellipsis = item { expanded += Array(repeating: .all, count: shape.count - consumed) } else { expanded.append(item) }
        }
        var d = 0
        var out = 0
        for item in expanded {
            switch item {
            case .int(let i):
                let size = shape[d]
                guard i >= -size && i < size else {
                    throw EngineError.index("index \(i) is out of bounds for dimension \(d) with size \(size)")
                }
                intOffsets.append((d, i < 0 ? i + size : i))
                d += 1
            case .slice(let start, let stop, let step):
                let size = shape[d]
                let st = step ?? 1
                guard st > 0 else { throw EngineError.value("slice step must be positive, got \(st)") }
                func clip(_ v: Int?, _ dflt: Int) -> Int {
                    guard let v else { return dflt }
                    return Swift.min(Swift.max(v < 0 ? v + size : v, 0), size)
                }
                let (a, b) = (clip(start, 0), clip(stop, size))
                steps.append((d, a, st, b > a ? (b - a - 1) / st + 1 : 0))
                d += 1; out += 1
            case .all, .ellipsis:
                steps.append((d, 0, 1, shape[d]))
                d += 1; out += 1
            case .newAxis:
                newAxes.append(out)
                out += 1
            case .tensor(let t):
                guard advanced == nil else { throw EngineError.index("only one tensor index per expression is supported") }
                let k = t.dtype == .int64 || t.ndim == 0 ? 1 : t.ndim
                if t.dtype != .int64 {
                    guard shape[d..<d + k].elementsEqual(t.shape) || t.ndim == 0 else {
                        throw EngineError.index("boolean mask of shape \(describe(t.shape)) does not match the indexed dimensions \(describe(Array(shape[d..<d + k])))")
                    }
                }
                advanced = (t, out, k)
                for j in 0..<k { steps.append((d + j, 0, 1, shape[d + j])) }
                d += k; out += k
            }
        }
        while d < shape.count {
            steps.append((d, 0, 1, shape[d]))
            d += 1
        }
    }

    /// The view of `t` (which has the planned shape) that the basic items select, without a graph.
    func view(of t: Tensor) -> Tensor {
        var offset = t.offset
        for (d, i) in intOffsets { offset += i * t.strideAt(d) }
        var shape = Dims()
        var strides = Dims()
        for case let s? in steps {
            offset += s.start * t.strideAt(s.dim)
            shape.append(s.count)
            strides.append(t.strideAt(s.dim) * s.step)
        }
        for p in newAxes {
            shape.insert(1, at: p)
            strides.insert(0, at: p)
        }
        return Tensor.make(storage: t.storage, offset: offset, shape: shape, strides: strides)
    }
}

extension Tensor {
    /// `x[items]`: basic items make a view sharing storage; a tensor index gathers a copy.
    public func index(_ items: [TensorIndex]) throws -> Tensor {
        let plan = try IndexPlan(items, shape: shape)
        let basic = plan.view(of: self)
        let v = Ops.view(self, shape: basic.shape, strides: basic.strides, offset: basic.offset, .slice(plan))
        guard let (t, position, dims) = plan.advanced else { return v }
        let (flat, indices, indexShape) = try Tensor.resolve(t, in: v, at: position, dims: dims)
        return try Ops.indexSelect(flat, axis: position, indices: indices, indexShape: indexShape)
    }

    public subscript(_ items: TensorIndex...) -> Tensor {
        get throws { try index(items) }
    }

    /// `x[items] = value`, in place; `value` broadcasts to the selected shape.
    public func setIndex(_ items: [TensorIndex], to value: Tensor) throws {
        try checkInPlace("setitem")
        let value = value.storage === storage ? Tensor.copying(value) : value
        let plan = try IndexPlan(items, shape: shape)
        let v = plan.view(of: self)
        guard let (t, position, dims) = plan.advanced else {
            guard Strided.broadcast(v.shape, value.shape) == v.shape else {
                throw EngineError.value("setitem: value of shape \(describe(value.shape)) cannot be broadcast to \(describe(v.shape))")
            }
            Kernels.copy(value, into: v)
            return
        }
        let (flat, indices, indexShape) = try Tensor.resolve(t, in: v, at: position, dims: dims)
        var target = flat.shape
        target.replaceSubrange(position...position, with: indexShape)
        guard Strided.broadcast(target, value.shape) == target else {
            throw EngineError.value("setitem: value of shape \(describe(value.shape)) cannot be broadcast to \(describe(target))")
        }
        var rows = flat.shape
        rows[position] = indices.count
        let source = try Ops.broadcastTo(value.detach(), target).reshape(rows)
        for (j, i) in indices.enumerated() {
            Kernels.copy(source.select(position, j), into: flat.select(position, i))
        }
    }

    /// The values of an int64 tensor in row-major order.
    func integers() -> [Int] {
        let c = contiguousOrSelf()
        return UnsafeBufferPointer(start: c.base(Int64.self), count: c.count).map { Int(truncatingIfNeeded: $0) }
    }

    /// The dimension `axis` fixed at `i`: a raw view without a graph.
    func select(_ axis: Int, _ i: Int) -> Tensor {
        var (s, st) = (shape, strides)
        s.remove(at: axis)
        st.remove(at: axis)
        return Tensor.make(storage: storage, offset: offset + i * strides[axis], shape: s, strides: st)
    }

    /// Turns a tensor index into positions along one dimension of `v` (a mask over several
    /// dimensions flattens them into one first).
    private static func resolve(_ t: Tensor, in v: Tensor, at p: Int, dims: Int) throws -> (Tensor, [Int], Dims) {
        if t.dtype == .int64 {
            let size = v.shape[p]
            let indices = try t.integers().map { i -> Int in
                guard i >= -size && i < size else {
                    throw EngineError.index("index \(i) is out of bounds for dimension \(p) with size \(size)")
                }
                return i < 0 ? i + size : i
            }
            return (v, indices, t.shape)
        }
        var flatShape = Dims(v.shape[..<p])
        flatShape.append(v.shape[p..<p + dims].reduce(1, *))
        flatShape += v.shape[(p + dims)...]
        let flat = try v.reshape(flatShape)
        let indices = t.scalars().enumerated().filter { $0.element != 0 }.map(\.offset)
        return (flat, indices, Dims(indices.count))
    }

    /// Joins tensors along an existing axis.
    public static func cat(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw EngineError.value("cat: expected a non-empty list of tensors") }
        let a = try Strided.axis(axis, first.ndim, "cat")
        for t in tensors {
            var (x, y) = (t.shape, first.shape)
            guard x.count == y.count else {
                throw EngineError.value("cat: tensors must have the same number of dimensions, got \(describe(first.shape)) and \(describe(t.shape))")
            }
            x[a] = 0; y[a] = 0
            guard x == y else {
                throw EngineError.value("cat: shapes \(describe(first.shape)) and \(describe(t.shape)) differ outside axis \(a)")
            }
        }
        let dtype = tensors.map(\.dtype).reduce(first.dtype, DType.promote)
        var shape = first.shape
        shape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let out = try Tensor.empty(shape, dtype: dtype)
        var start = 0
        var starts: [Int] = []
        for t in tensors {
            starts.append(start)
            Kernels.copy(t, into: out.narrow(a, start, t.shape[a]))
            start += t.shape[a]
        }
        guard dtype.isFloatingPoint else { return out }
        return Graph.record(out, .cat(axis: a, starts: starts), SmallArray(tensors))
    }

    /// Joins same-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw EngineError.value("stack: expected a non-empty list of tensors") }
        for t in tensors where t.shape != first.shape {
            throw EngineError.value("stack: all tensors must have the same shape, got \(describe(first.shape)) and \(describe(t.shape))")
        }
        let a = try Strided.axis(axis < 0 ? axis + first.ndim + 1 : axis, first.ndim + 1, "stack")
        return try cat(tensors.map { try $0.unsqueeze(a) }, axis: a)
    }

    /// Rows `lo..<hi` along the first dimension: `x[lo:hi]`, a view, without building an index
    /// plan when no graph is recorded (a training loop's batches: `fit` takes one a step).
    public func rows(_ lo: Int, _ hi: Int) throws -> Tensor {
        guard ndim >= 1, 0 <= lo, lo <= hi, hi <= shape[0] else {
            throw EngineError.index("rows \(lo)..<\(hi) out of range for a tensor of shape \(describe(shape))")
        }
        guard requiresGrad && Autograd.isEnabled else { return narrow(0, lo, hi - lo) }
        return try index([.slice(start: lo, stop: hi, step: nil)])
    }

    /// `length` positions of `axis` from `start`: a raw view without a graph.
    func narrow(_ axis: Int, _ start: Int, _ length: Int) -> Tensor {
        var s = shape
        s[axis] = length
        return Tensor.make(storage: storage, offset: offset + start * strides[axis], shape: s, strides: strides)
    }
}

extension Ops {
    /// Rows `indices` of `a` along `axis` (a gather); the axis becomes `indexShape`.
    static func indexSelect(_ a: Tensor, axis p: Int, indices: [Int], indexShape: Dims) throws -> Tensor {
        var rows = a.shape
        rows[p] = indices.count
        let out = try Tensor.empty(rows, dtype: a.dtype)
        if p == 0 && a.isContiguous {
            // Whole rows of a contiguous tensor: one copy each, no views (a data set's epoch
            // order gathers every row this way).
            let bytes = a.count / Swift.max(a.shape[0], 1) * a.dtype.size
            let (source, target) = (a.storage.raw + a.offset * a.dtype.size, out.storage.raw)
            for (j, i) in indices.enumerated() { (target + j * bytes).copyMemory(from: source + i * bytes, byteCount: bytes) }
        } else {
            for (j, i) in indices.enumerated() { Kernels.copy(a.select(p, i), into: out.select(p, j)) }
        }
        var shape = a.shape
        shape.replaceSubrange(p...p, with: indexShape)
        return try reshape(Graph.record(out, .gather(axis: p, indices: indices), [a]), shape)
    }
}
