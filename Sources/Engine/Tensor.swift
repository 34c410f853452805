import Interruption

/// An n-dimensional array with reverse-mode autograd, with reference semantics like `torch.Tensor`.
///
/// A tensor is a view (offset, shape, strides in elements) over a shared `Storage`; `T`,
/// `transpose`, `reshape` of contiguous tensors and basic slicing return views that share it.
/// A tensor produced by a recorded op keeps a `GraphNode` (its op and inputs) until
/// `backward()` frees the graph.
///
/// The engine makes every tensor through `make`, which remakes in place a tensor only the
/// thread's `TensorRecycler` still holds: so the fields describing the view are variables,
/// set only there, when nothing else can read them. They are exempt from exclusivity checks for
/// that reason: as checked variables, every read of a shape began a dynamic access, and a small
/// training loop ran 17% slower than with constants.
public final class Tensor {
    var storage: Storage
    @exclusivity(unchecked) private(set) var offset: Int
    @exclusivity(unchecked) public private(set) var shape: Dims
    /// The strides of a view that is not laid out row-major; nil for a row-major tensor, whose
    /// strides follow from its shape: making one, most tensors, computes none.
    @exclusivity(unchecked) private var viewStrides: Dims?
    /// Whether elements are laid out row-major with no gaps.
    @exclusivity(unchecked) public private(set) var isContiguous: Bool
    var node: GraphNode?
    var leafRequiresGrad = false
    /// Backward's scratch: the gradient gathered so far, and the last traversal that saw this tensor.
    var pendingGrad: Tensor?
    var visitMark: UInt64 = 0

    /// The accumulated gradient of a leaf after `backward()`.
    public var grad: Tensor?

    /// The slot of the thread's `TensorRecycler` that this tensor was made in, -1 for a tensor
    /// made outside it: a constant, so that any thread may read it (see `Tensor.isUnique`).
    let recyclerSlot: Int

    private init(storage: Storage, offset: Int, shape: Dims, strides: Dims?, recyclerSlot: Int = -1) {
        self.recyclerSlot = recyclerSlot
        self.storage = storage
        self.offset = offset
        self.shape = shape
        viewStrides = strides
        isContiguous = Tensor.isRowMajor(shape, strides)
    }

    /// A tensor viewing `storage`: a dead one this thread made, made anew (see
    /// `TensorRecycler`), or a new one. Every tensor the engine makes comes from here.
    static func make(storage: Storage, offset: Int = 0, shape: Dims, strides: Dims? = nil) -> Tensor {
        let state = ThreadState.current
        let small = storage.bytes <= TensorRecycler.maxBytes
        if small, let t = state.recycler.take() {
            t.releaseContents()
            (t.storage, t.offset, t.shape, t.viewStrides) = (storage, offset, shape, strides)
            t.isContiguous = isRowMajor(shape, strides)
            // Every other field back to its initial value (`node` went with the contents).
            (t.leafRequiresGrad, t.pendingGrad, t.visitMark, t.grad) = (false, nil, 0, nil)
            return t
        }
        let t = Tensor(storage: storage, offset: offset, shape: shape, strides: strides, recyclerSlot: small ? state.recycler.hand : -1)
        state.freshTensors += 1
        if small { state.recycler.keep(t) }
        return t
    }

    private static func isRowMajor(_ shape: Dims, _ strides: Dims?) -> Bool {
        guard let strides else { return true }
        var expected = 1
        var contiguous = true
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { contiguous = false }
            expected *= shape[i]
        }
        return contiguous || expected == 0
    }

    /// A fresh contiguous tensor of `shape`; its contents are undefined unless `zeroed`.
    static func empty(_ shape: Dims, dtype: DType, zeroed: Bool = false) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw EngineError.value("negative dimension in shape \(describe(shape))") }
        return make(storage: try Storage.make(dtype: dtype, count: Strided.count(shape), zeroed: zeroed), shape: shape)
    }

    /// A contiguous copy of `other`'s elements (no graph), exempt from the memory limit because
    /// `other` already holds that many elements.
    static func copying(_ other: Tensor) -> Tensor {
        // Unchecked storage cannot throw.
        let t = make(storage: try! Storage.make(dtype: other.dtype, count: other.count, checked: false), shape: other.shape)
        Kernels.copy(other, into: t)
        return t
    }

    /// A zero-dimensional tensor holding one value, as `init(_:dtype:)` makes, through `make`.
    static func scalar(_ value: Double, dtype: DType = .float32) -> Tensor {
        // One element is always allowed, so this cannot throw.
        let t = make(storage: try! Storage.make(dtype: dtype, count: 1, checked: false), shape: [])
        t.write { _ in value }
        return t
    }

    /// Makes a tensor from row-major values. For int64, fractions truncate toward zero, as in
    /// PyTorch, and a value outside int64's range (or not finite) is an OverflowError, not a
    /// saturated or undefined element.
    public convenience init(shape: some Collection<Int>, scalars: [Double], dtype: DType = .float32) throws {
        let shape = Dims(shape)
        if dtype == .int64 { for v in scalars { try dtype.check(v, "tensor") } }
        try self.init(storage: Storage.make(dtype: dtype, count: Strided.count(shape)), offset: 0, shape: shape, strides: nil)
        guard scalars.count == count else {
            throw EngineError.value("tensor: \(scalars.count) values cannot fill shape \(describe(shape))")
        }
        scalars.withUnsafeBufferPointer { s in write { s[$0] } }
    }

    /// Makes an int64 tensor from row-major integers, exactly (a Double holds only 53 bits).
    public convenience init(shape: some Collection<Int>, integers: [Int64]) throws {
        let shape = Dims(shape)
        try self.init(storage: Storage.make(dtype: .int64, count: Strided.count(shape)), offset: 0, shape: shape, strides: nil)
        guard integers.count == count else {
            throw EngineError.value("tensor: \(integers.count) values cannot fill shape \(describe(shape))")
        }
        let p = base(Int64.self)
        for (i, v) in integers.enumerated() { p[i] = v }
    }

    /// Fills a fresh contiguous tensor in row-major order with `value(i)`.
    func write(_ value: (Int) -> Double) {
        let n = count
        withBase { p in
            for i in 0..<n { p[i] = Float(value(i)) }
        } f64: { p in
            for i in 0..<n { p[i] = value(i) }
        } i64: { p in
            for i in 0..<n { p[i] = Int64(converting: value(i)) }
        }
    }

    /// A zero-dimensional tensor holding one value (the engine's own use `scalar`, which recycles).
    public convenience init(_ scalar: Double, dtype: DType = .float32) {
        // One element is always allowed, so this cannot throw.
        try! self.init(storage: Storage.make(dtype: dtype, count: 1, checked: false), offset: 0, shape: [], strides: nil)
        write { _ in scalar }
    }

    deinit { releaseContents() }

    /// What a dead tensor lets go of: the graph behind it, and its storage, back to the pool
    /// when no other tensor (a view) holds it.
    private func releaseContents() {
        Graph.release(self)
        if isKnownUniquelyReferenced(&storage) { StoragePool.give(storage) }
    }

    public var dtype: DType { storage.dtype }
    public var ndim: Int { shape.count }
    public var count: Int { shape.product }

    /// Whether gradients flow to this tensor: set on leaves, implied on results of recorded ops.
    public var requiresGrad: Bool {
        get { leafRequiresGrad || node != nil }
        set { try? setRequiresGrad(newValue) }
    }

    /// Marks a leaf as a parameter whose gradient `backward()` accumulates.
    public func setRequiresGrad(_ flag: Bool) throws {
        guard node == nil else {
            throw EngineError.runtime("requires_grad can only be changed on leaf tensors; use detach() first")
        }
        guard !flag || dtype.isFloatingPoint else {
            throw EngineError.runtime("only floating point tensors can require gradients, not \(dtype.rawValue)")
        }
        leafRequiresGrad = flag
    }

    public var isLeaf: Bool { node == nil }
    /// The name of the op that produced this tensor, nil for leaves.
    public var op: String? { node?.op.name }
    /// The tensors this one was computed from (empty for leaves and after the graph was freed).
    public var inputs: [Tensor] { Array(node?.inputs ?? []) }

    /// The step in elements between neighbours along each dimension.
    public var strides: Dims { viewStrides ?? Tensor.contiguousStrides(shape) }

    /// `strides[d]` (0 ≤ d < ndim), without computing every dimension's stride as `strides` does
    /// for a row-major tensor: matmul and linear read four a call, and reading them through
    /// `strides` made the language benchmark's small training loop about 4% slower.
    func strideAt(_ d: Int) -> Int {
        if let viewStrides { return viewStrides[d] }
        var s = 1
        for i in d + 1 ..< shape.count { s *= Swift.max(shape[i], 1) }
        return s
    }

    static func contiguousStrides(_ shape: Dims) -> Dims {
        var s = Dims(repeating: 1, count: shape.count)
        var acc = 1
        for i in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= Swift.max(shape[i], 1)
        }
        return s
    }

    /// Whether `other` is a view of the same values (the same storage), as a reshape of a
    /// tensor that records no graph is.
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }

    /// A tensor sharing this one's storage, with no history: the value without its graph.
    public func detach() -> Tensor {
        Tensor.make(storage: storage, offset: offset, shape: shape, strides: strides)
    }

    /// Forgets the accumulated gradient; the next `backward()` stores a fresh one.
    public func zeroGrad() { grad = nil }

    /// The values in row-major order.
    public func scalars() -> [Double] {
        let c = contiguousOrSelf()
        let n = c.count
        return c.withBase { p in
            (0..<n).map { Double(p[$0]) }
        } f64: { p in
            Array(UnsafeBufferPointer(start: p, count: n))
        } i64: { p in
            (0..<n).map { Double(p[$0]) }
        }
    }

    /// The values of an int64 tensor in row-major order, exactly (a Double holds only 53 bits);
    /// nil for floating-point tensors.
    public func exactIntegers() -> [Int]? { dtype == .int64 ? integers() : nil }

    /// The value of a one-element tensor.
    public func item() throws -> Double {
        try Trace.forbidReading("reading a tensor's value (as a number, or in an if or while)", self)
        guard count == 1 else {
            throw EngineError.value("item: only one-element tensors can be converted to a number, got shape \(describe(shape))")
        }
        return withBase { Double($0[0]) } f64: { $0[0] } i64: { Double($0[0]) }
    }

    /// The value of a one-element tensor as an integer: exact for int64, truncated toward zero for
    /// floats, and an OverflowError (never a trap) for a float that is infinite, NaN or too large.
    public func intItem() throws -> Int {
        if let i = exactIntegers(), count == 1 { return i[0] }
        let d = try item()
        guard let i = Int(exactly: d.rounded(.towardZero)) else {
            throw EngineError(kind: d.isNaN ? "ValueError" : "OverflowError", message: "cannot convert float \(d) to integer")
        }
        return i
    }

    /// A contiguous copy, or this tensor itself when it is already contiguous.
    public func contiguous() -> Tensor {
        // Copying never exceeds the limit the original already met.
        isContiguous ? self : Graph.record(Tensor.copying(self), .copy, [self])
    }

    func contiguousOrSelf() -> Tensor { isContiguous ? self : Tensor.copying(self) }

    /// Calls the closure for this tensor's dtype with a pointer to its first element (contiguous data).
    @inline(__always)
    func withBase<R>(f32: (UnsafeMutablePointer<Float>) throws -> R,
                     f64: (UnsafeMutablePointer<Double>) throws -> R,
                     i64: (UnsafeMutablePointer<Int64>) throws -> R) rethrows -> R {
        switch dtype {
        case .float32: return try f32(storage.pointer(Float.self) + offset)
        case .float64: return try f64(storage.pointer(Double.self) + offset)
        case .int64: return try i64(storage.pointer(Int64.self) + offset)
        }
    }

    /// A typed pointer to this tensor's first element.
    @inline(__always) func base<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.pointer(T.self) + offset
    }

    /// Gives raw access to a contiguous float32 tensor's elements, for in-place optimizer updates.
    ///
    /// The caller must check `dtype == .float32` and `isContiguous`; other tensors get an empty buffer.
    public func withUnsafeMutableFloats<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        guard dtype == .float32, isContiguous else { return try body(UnsafeMutableBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeMutableBufferPointer(start: base(Float.self), count: count))
    }
}
