import Engine
import Interruption

/// A loss for `fit`, `compare` and `evaluate`: one of the library's, or any function of
/// (prediction, target) that returns a scalar tensor.
public enum Loss: CustomStringConvertible {
    case mse(Reduction)
    case crossEntropy
    case nll
    case bce
    case custom(name: String, (Tensor, Tensor) throws -> Tensor)

    /// Mean squared error.
    public static var mse: Loss { .mse(.mean) }

    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        switch self {
        case .mse(let reduction): try Learn.mse(prediction, target, reduction: reduction)
        case .crossEntropy: try Learn.crossEntropy(prediction, target)
        case .nll: try Learn.nll(prediction, target)
        case .bce: try Learn.bce(prediction, target)
        case .custom(_, let f): try f(prediction, target)
        }
    }

    /// Whether the loss wants class indices (or one-hot rows) and a column per class.
    var isClassification: Bool {
        switch self {
        case .crossEntropy, .nll: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .mse(let r): r == .mean ? "mse" : "mse(reduction=\"sum\")"
        case .crossEntropy: "cross_entropy"
        case .nll: "nll"
        case .bce: "bce"
        case .custom(let name, _): name
        }
    }
}

/// Mean (or summed) squared error; `pred` and `target` must have the same shape.
public func mse(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try Tensor.mseLoss(prediction, target, reduction: reduction)
}

/// Softmax cross-entropy of `logits` (N, C) against class indices (N,) int64 or one-hot /
/// probability rows (N, C): log-softmax fused with the loss, so logits of 1e4 stay finite, and
/// the gradient is softmax − one-hot, divided by N.
public func crossEntropy(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
    try Tensor.crossEntropy(logits, target)
}

/// Negative log-likelihood of log-probabilities `logProbs` (N, C) (from `log_softmax`) at class
/// indices `target` (N,): −mean(logProbs[n, target[n]]).
public func nll(_ logProbs: Tensor, _ target: Tensor) throws -> Tensor {
    try Tensor.nllLoss(logProbs, target)
}

/// Binary cross-entropy of probabilities `prediction` in [0, 1] against 0/1 targets of the same
/// shape: −mean(y log p + (1 − y) log(1 − p)), each log clamped at −100 as in PyTorch, so a
/// saturated sigmoid gives a large finite loss.
public func bce(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
    try Tensor.binaryCrossEntropy(prediction, target)
}

/// The fraction of rows classified right: the arg-max of each row of `output` (N, C) against
/// class indices (N,) or one-hot rows; for a single column (N, 1) or (N,), outputs are
/// probabilities and the prediction is output > 0.5 against 0/1 targets.
public func accuracy(_ output: Tensor, _ target: Tensor) throws -> Double {
    guard output.ndim >= 1, output.shape[0] > 0 else {
        throw LearnError.value("accuracy: needs at least one row, got output of shape \(describe(output.shape))")
    }
    let n = output.shape[0]
    return try Autograd.noGrad {
        let predicted: Tensor
        let truth: Tensor
        if output.ndim == 1 || output.shape[1] == 1 {
            predicted = try output.reshape([n]).gt(0.5)
            truth = try target.reshape([n]).cast(predicted.dtype)
        } else {
            predicted = try output.argmax(axis: 1)
            truth = target.dtype == .int64 ? target : try target.argmax(axis: 1)
        }
        guard truth.shape == Dims(n) else {
            throw LearnError.value("accuracy: output of shape \(describe(output.shape)) and target of shape \(describe(target.shape)) do not match")
        }
        return try predicted.eq(truth.cast(predicted.dtype)).cast(.float64).mean().item()
    }
}
