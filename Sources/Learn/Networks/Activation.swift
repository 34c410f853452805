import Engine

/// An element-wise nonlinearity, or softmax over the last axis: no parameters, width kept.
///
/// The language's `ReLU()`, `Sigmoid()`, `Tanh()` and `Softmax()` are `Activation(.relu)` and so on.
public final class Activation: Layer {
    public enum Kind: String, Sendable, CaseIterable {
        case relu = "ReLU", sigmoid = "Sigmoid", tanh = "Tanh", softmax = "Softmax"
    }

    public let kind: Kind
    public var isTraining = true

    public init(_ kind: Kind) { self.kind = kind }

    public func forward(_ x: Tensor) throws -> Tensor {
        switch kind {
        case .relu: try x.relu()
        case .sigmoid: try x.sigmoid()
        case .tanh: try x.tanh()
        case .softmax: try x.softmax(axis: -1)
        }
    }

    /// The same activation as part of a fused `linear`; nil for softmax, which is not elementwise.
    var fused: FusedActivation? {
        switch kind {
        case .relu: .relu
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .softmax: nil
        }
    }

    public func namedParameters() -> [(String, Tensor)] { [] }
    public func copy() throws -> Layer { let a = Activation(kind); a.isTraining = isTraining; return a }
    public func outputFeatures(input: Int?) -> Int? { input }
    public var inputFeatures: Int? { nil }
    public var description: String { kind == .softmax ? "Softmax(dim=-1)" : "\(kind.rawValue)()" }
}
