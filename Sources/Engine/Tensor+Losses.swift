import Interruption

/// How a loss combines per-element terms.
public enum Reduction: String, Sendable { case mean, sum }

/// Softmax, losses and the fused layer op. Softmax and log-softmax are composites of primitives;
/// linear, MSE and cross-entropy are fused (one pass forward, the lecture's closed-form backward).
extension Tensor {
    /// exp(x) / sum(exp(x)) along `axis`, computed after subtracting the maximum.
    public func softmax(axis: Int = -1) throws -> Tensor {
        _ = try Strided.axis(axis, ndim, "softmax")
        let e = try (self - max(axis: axis, keepdims: true).detach()).exp()
        return try e / e.sum(axis: axis, keepdims: true)
    }

    /// log(softmax(x)) without overflow: x - max - log(sum(exp(x - max))).
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        _ = try Strided.axis(axis, ndim, "log_softmax")
        let shifted = try self - max(axis: axis, keepdims: true).detach()
        return try shifted - shifted.exp().sum(axis: axis, keepdims: true).log()
    }

    /// activation(x·weightᵀ + bias) as one GEMM and one op, for x (N, in) or (in,) and weight
    /// (out, in) as in PyTorch.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, activation: FusedActivation? = nil) throws -> Tensor {
        if x.ndim == 1 { return try Ops.linear(x.unsqueeze(0), weight, bias, activation: activation).squeeze(0) }
        if x.ndim > 2 {
            let lead = Array(x.shape.dropLast())
            return try Ops.linear(x.reshape([-1, x.shape[x.ndim - 1]]), weight, bias, activation: activation).reshape(lead + [weight.shape[0]])
        }
        return try Ops.linear(x, weight, bias, activation: activation)
    }

    /// Squared error between same-shaped tensors, summed or averaged: one pass forward, and
    /// dL/dpred = 2·(pred - target)·scale backward.
    public static func mseLoss(_ pred: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard pred.shape == target.shape else {
            throw EngineError.value("mse_loss: prediction \(describe(pred.shape)) and target \(describe(target.shape)) shapes differ")
        }
        let dtype = DType.promote(pred.dtype, target.dtype) == .int64 ? .float32 : DType.promote(pred.dtype, target.dtype)
        let (p, t) = (try Ops.cast(pred, dtype), try Ops.cast(target, dtype))
        let diff = try Tensor.empty(p.shape, dtype: dtype)
        try Kernels.binary(.sub, p, t, into: diff)
        let scale = reduction == .mean ? 1 / Double(Swift.max(p.count, 1)) : 1
        let total: Double = switch dtype {
        case .float32: sumOfSquares(diff.base(Float.self), diff.count)
        default: sumOfSquares(diff.base(Double.self), diff.count)
        }
        return Graph.record(Tensor.scalar(total * scale, dtype: dtype), .mseLoss(scale: scale), [p, t], saved: [diff])
    }

    private static func sumOfSquares<T: FloatScalar>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> Double {
        var acc: T = 0
        for i in 0..<n { acc += p[i] * p[i] }
        return acc.double
    }

    /// Mean cross-entropy of logits (N, C) against int64 class indices (N,) (fused: the
    /// gradient is softmax - onehot) or against probabilities (N, C).
    public static func crossEntropy(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        guard logits.ndim == 2, logits.dtype.isFloatingPoint else {
            throw EngineError.value("cross_entropy: logits must be a float (N, C) tensor, got \(logits.dtype.rawValue) \(describe(logits.shape))")
        }
        let (n, c) = (logits.shape[0], logits.shape[1])
        guard target.dtype == .int64 else {
            guard target.shape == logits.shape else {
                throw EngineError.value("cross_entropy: target \(describe(target.shape)) must be (N,) class indices or match logits \(describe(logits.shape))")
            }
            return try (target * logits.logSoftmax(axis: 1)).sum() * (-1 / Double(Swift.max(n, 1)))
        }
        guard target.shape == Dims(n) else {
            throw EngineError.value("cross_entropy: target \(describe(target.shape)) must be (N,) = (\(n),) class indices for logits \(describe(logits.shape))")
        }
        // Read in place (a batch's labels are a view of the data set's): no array a step.
        let labels = target.contiguousOrSelf()
        try checkClasses(labels, c, "cross_entropy")
        let classes = UnsafeBufferPointer(start: labels.base(Int64.self), count: n)
        let x = logits.contiguousOrSelf()
        let probs = try Tensor.empty(Dims(n, c), dtype: x.dtype)
        let total: Double = switch x.dtype {
        case .float32: softmaxRows(x.base(Float.self), probs.base(Float.self), n, c, classes)
        default: softmaxRows(x.base(Double.self), probs.base(Double.self), n, c, classes)
        }
        let scale = 1 / Double(Swift.max(n, 1))
        return withExtendedLifetime(labels) {
            Graph.record(Tensor.scalar(total * scale, dtype: x.dtype), .crossEntropy(classes: Tensor.copying(labels), scale: scale),
                         [logits], saved: [probs])
        }
    }

    /// Writes each row's softmax and returns the summed negative log-likelihood of `classes`.
    private static func softmaxRows<T: FloatScalar>(_ x: UnsafeMutablePointer<T>, _ p: UnsafeMutablePointer<T>,
                                                    _ n: Int, _ c: Int, _ classes: UnsafeBufferPointer<Int64>) -> Double {
        var total = 0.0
        for r in 0..<n {
            let (row, out) = (x + r * c, p + r * c)
            var m = T.lowest
            for j in 0..<c where row[j] > m { m = row[j] }
            var s: T = 0
            for j in 0..<c {
                out[j] = T.exp(row[j] - m)
                s += out[j]
            }
            for j in 0..<c { out[j] /= s }
            total += (T.log(s) + m - row[Int(classes[r])]).double
        }
        return total
    }

    /// Mean negative log-likelihood of int64 classes (N,) under log-probabilities (N, C).
    public static func nllLoss(_ logProbs: Tensor, _ target: Tensor) throws -> Tensor {
        guard logProbs.ndim == 2, target.dtype == .int64, target.shape == Dims(logProbs.shape[0]) else {
            throw EngineError.value("nll_loss: expected log-probabilities (N, C) and int64 targets (N,), got \(describe(logProbs.shape)) and \(target.dtype.rawValue) \(describe(target.shape))")
        }
        let c = logProbs.shape[1]
        try checkClasses(target.contiguousOrSelf(), c, "nll_loss")
        let flatIndex = try Tensor.arange(0, Double(logProbs.shape[0]), dtype: .int64) * Double(c) + target
        let picked = try logProbs.reshape([-1]).index([.tensor(flatIndex)])
        return try picked.mean().neg()
    }

    /// Throws an IndexError naming the first row whose class index is not in 0..<classes, in the
    /// user's terms (a flattened index into the log-probabilities would mean nothing to them).
    /// `labels` is a contiguous int64 tensor, read in place.
    private static func checkClasses(_ labels: Tensor, _ classes: Int, _ op: String) throws {
        let p = labels.base(Int64.self)
        for row in 0..<labels.count where p[row] < 0 || p[row] >= classes {
            throw EngineError.index("\(op): target \(p[row]) in row \(row) is not a class index: there are \(classes) classes (0 to \(classes - 1))")
        }
    }

    /// Mean binary cross-entropy of probabilities against 0/1 targets (log clamped at -100, as PyTorch).
    public static func binaryCrossEntropy(_ pred: Tensor, _ target: Tensor) throws -> Tensor {
        guard pred.shape == target.shape else {
            throw EngineError.value("binary_cross_entropy: prediction \(describe(pred.shape)) and target \(describe(target.shape)) shapes differ")
        }
        let logP = try pred.log().clamp(min: -100)
        let log1mP = try (1 - pred).log().clamp(min: -100)
        return try (target * logP + (1 - target) * log1mP).mean().neg()
    }
}
