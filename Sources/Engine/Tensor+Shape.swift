import Interruption

/// Movement ops: views wherever the layout allows.
extension Tensor {
    /// A tensor with the same elements in a new shape; one dimension may be -1 (inferred).
    public func reshape(_ shape: some Collection<Int>) throws -> Tensor {
        var shape = Dims(shape)
        let unknown = shape.indices.filter { shape[$0] == -1 }
        if unknown.count > 1 { throw EngineError.value("reshape: only one dimension can be -1, got \(describe(shape))") }
        if let u = unknown.first {
            let known = try Strided.count(Dims(shape.indices.lazy.filter { $0 != u }.map { shape[$0] }))
            guard known > 0, count % known == 0 else {
                throw EngineError.value("reshape: cannot reshape a tensor of shape \(describe(self.shape)) (\(count) elements) into \(describe(shape))")
            }
            shape[u] = count / known
        }
        return try Ops.reshape(self, shape)
    }

    /// Swaps two dimensions (a view; matmul reads it through BLAS transpose flags).
    public func transpose(_ a: Int = -2, _ b: Int = -1) throws -> Tensor {
        guard ndim >= 2 else { return self }
        var order = Array(0..<ndim)
        order.swapAt(try Strided.axis(a, ndim, "transpose"), try Strided.axis(b, ndim, "transpose"))
        return try Ops.permute(self, order)
    }

    /// All dimensions reversed: the transpose of a matrix.
    public var T: Tensor { (try? Ops.permute(self, Array((0..<ndim).reversed()))) ?? self }

    public func permute(_ order: [Int]) throws -> Tensor {
        try Ops.permute(self, try order.map { try Strided.axis($0, ndim, "permute") })
    }

    /// Removes a size-1 dimension (every one when `axis` is nil).
    public func squeeze(_ axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try reshape(shape.filter { $0 != 1 }) }
        let a = try Strided.axis(axis, ndim, "squeeze")
        guard shape[a] == 1 else { return self }
        var s = shape
        s.remove(at: a)
        return try reshape(s)
    }

    /// Inserts a size-1 dimension at `axis`.
    public func unsqueeze(_ axis: Int) throws -> Tensor {
        let a = try Strided.axis(axis < 0 ? axis + 1 : axis, ndim + 1, "unsqueeze")
        var s = shape
        s.insert(1, at: a)
        return try reshape(s)
    }

    public func flatten() throws -> Tensor { try reshape([count]) }

    /// This tensor materialized at a larger broadcast shape.
    public func broadcast(to shape: some Collection<Int>) throws -> Tensor { try Ops.broadcastTo(self, Dims(shape)) }
}
