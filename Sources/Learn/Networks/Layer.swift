import Engine

/// A network or a piece of one: called on a batch of rows, it returns a batch of outputs.
///
/// Every layer is a reference type, like `torch.nn.Module`: `net[0].weight` is the very tensor
/// the optimizer updates. `copy()` is deep (new parameter tensors with the same values), which
/// is how `compare` starts every run from the same weights.
public protocol Layer: AnyObject, CustomStringConvertible {
    /// The layer's output for a batch `x` of shape (N, features).
    func forward(_ x: Tensor) throws -> Tensor
    /// Parameters with PyTorch's names: `weight`, `bias`, `0.weight`, ...
    func namedParameters() -> [(String, Tensor)]
    /// Calls `body` on each parameter in the order of `namedParameters()`, making neither names
    /// nor arrays: a training loop visits them every step.
    func forEachParameter(_ body: (Tensor) throws -> Void) rethrows
    /// Training mode (Dropout active) or eval mode; Sequential passes it to its layers.
    var isTraining: Bool { get set }
    /// A deep copy: same structure, same values, new parameter tensors.
    func copy() throws -> Layer
    /// The number of output features for `input` features: nil input means unknown; layers
    /// that keep the width return their input.
    func outputFeatures(input: Int?) -> Int?
    /// The number of input features the layer requires, if it fixes one.
    var inputFeatures: Int? { get }
}

extension Layer {
    /// `net(x)`.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(x) }

    public func forEachParameter(_ body: (Tensor) throws -> Void) rethrows {
        for (_, p) in namedParameters() { try body(p) }
    }

    /// The parameters in the order of `namedParameters()`.
    public func parameters() -> [Tensor] {
        var all: [Tensor] = []
        all.reserveCapacity(parameterTensorCount)
        forEachParameter { all.append($0) }
        return all
    }

    /// How many parameter tensors there are: room to reserve before collecting them.
    public var parameterTensorCount: Int {
        var n = 0
        forEachParameter { _ in n += 1 }
        return n
    }

    /// Forgets every parameter's gradient.
    public func zeroGrad() { forEachParameter { $0.zeroGrad() } }

    /// Switches to training mode (Dropout on).
    public func train() { isTraining = true }

    /// Switches to eval mode (Dropout off).
    public func eval() { isTraining = false }

    /// The total number of parameter values.
    public var parameterCount: Int {
        var n = 0
        forEachParameter { n += $0.count }
        return n
    }
}

/// A new leaf with the same values as `t`, requiring gradients like it.
func cloneParameter(_ t: Tensor) throws -> Tensor {
    let c = try Tensor(shape: t.shape, scalars: t.scalars(), dtype: t.dtype)
    try c.setRequiresGrad(t.requiresGrad)
    return c
}
