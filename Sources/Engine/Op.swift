/// Every op the autograd graph records: a closed set, each case with the parameters its
/// gradient rule needs. The rules are one table, `Op.gradients` in GradientRules.swift.
///
/// Ops that micrograd would compose (softmax, mean, neg, the binary cross-entropy) are
/// composed of these in their public methods and record no case of their own. Fused ops
/// (`linear` with its activation, `mseLoss`, `crossEntropy`) are cases because their rules are
/// the lecture's closed forms, cheaper than the chain through their parts.
enum Op {
    // Copies and shape.
    case copy, cast, broadcastTo, reshape
    /// A view with dimensions reordered; the rule applies the inverse order.
    case permute(inverse: [Int])
    /// A basic-indexing view (ints, slices, new axes); the rule scatters into zeros. Boxed
    /// (`indirect`): the plan is large, and every tensor that records a node holds an `Op`.
    indirect case slice(IndexPlan)
    /// A gather of `indices` along `axis` (a tensor index); the rule scatter-adds.
    case gather(axis: Int, indices: [Int])
    /// Tensors joined along `axis`, each starting at `starts[i]`.
    case cat(axis: Int, starts: [Int])

    // Elementwise.
    case add, sub, mul, div, pow, maximum, minimum
    case exp, log, sqrt, abs, relu, sigmoid, tanh
    case clamp(Double, Double)
    case powScalar(Double)
    case scale(Double)

    // Reductions over `axes`, whose input dimensions become the size-1 dimensions of `kept`.
    case sum(kept: Dims)
    case max(kept: Dims, axes: [Int])
    case min(kept: Dims, axes: [Int])

    // Products and fused ops.
    case matmul
    /// x·wᵀ + b, then the activation if any (its rule reads the activation's output).
    case linear(FusedActivation?)
    /// Σ(pred − target)² · scale; saves the difference.
    case mseLoss(scale: Double)
    /// Mean cross-entropy of logits against class indices; saves the softmax probabilities.
    /// `classes` is a copy of the targets, an int64 tensor, which never has a graph behind it
    /// (so the op holds no part of the graph); a tensor from the pool, not an array, so that a
    /// training step allocates nothing for it.
    case crossEntropy(classes: Tensor, scale: Double)

    /// The name `grad_fn` shows, as PyTorch spells it.
    var name: String {
        switch self {
        case .copy: "copy"
        case .cast: "cast"
        case .broadcastTo: "broadcast_to"
        case .reshape: "reshape"
        case .permute: "permute"
        case .slice, .gather: "index"
        case .cat: "cat"
        case .add: "add"
        case .sub: "sub"
        case .mul, .scale: "mul"
        case .div: "div"
        case .pow, .powScalar: "pow"
        case .maximum: "maximum"
        case .minimum: "minimum"
        case .exp: "exp"
        case .log: "log"
        case .sqrt: "sqrt"
        case .abs: "abs"
        case .relu: "relu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .clamp: "clamp"
        case .sum: "sum"
        case .max: "max"
        case .min: "min"
        case .matmul: "matmul"
        // With an activation, the activation's name: what PyTorch's grad_fn shows for its output.
        case .linear(let activation): activation.map { Op($0).name } ?? "linear"
        case .mseLoss: "mse_loss"
        case .crossEntropy: "cross_entropy"
        }
    }
}

/// An activation that `Tensor.linear` applies to its output in place, as part of the one op.
public enum FusedActivation: Sendable {
    case relu, sigmoid, tanh
}
