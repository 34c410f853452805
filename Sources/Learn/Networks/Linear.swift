import Engine
import Interruption

/// A fully connected layer, y = x Wᵀ + b, with W of shape (out, in) as in PyTorch.
///
/// Initialised as PyTorch's `nn.Linear`: W and b uniform in [−1/√in, 1/√in] (Kaiming-uniform
/// with a = √5, which reduces to that bound), drawn from Engine's seeded stream. The forward pass
/// is Engine's fused `linear` (one GEMM plus the bias, and the activation after it in a `Sequential`).
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Tensor
    public let bias: Tensor?
    public var isTraining = true

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw LearnError.value("Linear: sizes must be positive, got Linear(\(inFeatures), \(outFeatures))")
        }
        try Memory.check([outFeatures, inFeatures], of: 4, for: "Linear(\(inFeatures), \(outFeatures))")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Double(inFeatures).squareRoot()
        func uniform(_ shape: [Int]) throws -> Tensor {
            let t = try Tensor.uniform(shape, bound: bound)
            try t.setRequiresGrad(true)
            return t
        }
        weight = try uniform([outFeatures, inFeatures])
        self.bias = bias ? try uniform([outFeatures]) : nil
    }

    private init(copying other: Linear) throws {
        inFeatures = other.inFeatures
        outFeatures = other.outFeatures
        weight = try cloneParameter(other.weight)
        bias = try other.bias.map(cloneParameter)
        isTraining = other.isTraining
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, activation: nil) }

    /// The layer, then `activation` in the same op (see `Sequential.forward`).
    func forward(_ x: Tensor, activation: FusedActivation?) throws -> Tensor {
        guard x.ndim >= 1, x.shape[x.ndim - 1] == inFeatures else {
            throw LearnError.value("Linear(\(inFeatures), \(outFeatures)): input of shape \(describe(x.shape)) has \(x.shape.last ?? 0) features, expected \(inFeatures)")
        }
        return try Tensor.linear(x, weight: weight, bias: bias, activation: activation)
    }

    public func namedParameters() -> [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forEachParameter(_ body: (Tensor) throws -> Void) rethrows {
        try body(weight)
        if let bias { try body(bias) }
    }

    public func copy() throws -> Layer { try Linear(copying: self) }
    public func outputFeatures(input: Int?) -> Int? { outFeatures }
    public var inputFeatures: Int? { inFeatures }

    public var description: String {
        "Linear(in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True"))"
    }
}
