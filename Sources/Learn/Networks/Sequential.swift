import Engine
import Foundation

/// Layers applied in order; parameters named `<index>.<name>` as in PyTorch.
public final class Sequential: Layer {
    public private(set) var layers: [Layer]

    public init(_ layers: [Layer]) { self.layers = layers }

    public var isTraining: Bool {
        get { layers.first?.isTraining ?? true }
        set { for l in layers { l.isTraining = newValue } }
    }

    /// The layers in order; a Linear followed by a ReLU, Sigmoid or Tanh runs as Engine's one
    /// fused op (GEMM, bias and activation; one gradient rule) instead of two.
    public func forward(_ x: Tensor) throws -> Tensor {
        var h = x
        var i = 0
        while i < layers.count {
            if let linear = layers[i] as? Linear, i + 1 < layers.count,
               let activation = (layers[i + 1] as? Activation)?.fused {
                h = try linear.forward(h, activation: activation)
                i += 2
            } else {
                h = try layers[i].forward(h)
                i += 1
            }
        }
        return h
    }

    /// `net[i]`, with Python's negative indices.
    public func layer(at index: Int) throws -> Layer {
        let i = index < 0 ? index + layers.count : index
        guard layers.indices.contains(i) else {
            throw LearnError.index("Sequential index \(index) is out of range for \(layers.count) layers")
        }
        return layers[i]
    }

    public var count: Int { layers.count }

    public func namedParameters() -> [(String, Tensor)] {
        layers.enumerated().flatMap { i, l in l.namedParameters().map { ("\(i).\($0.0)", $0.1) } }
    }

    public func forEachParameter(_ body: (Tensor) throws -> Void) rethrows {
        for layer in layers { try layer.forEachParameter(body) }
    }

    public func copy() throws -> Layer { Sequential(try layers.map { try $0.copy() }) }

    public func outputFeatures(input: Int?) -> Int? {
        layers.reduce(input) { $1.outputFeatures(input: $0) }
    }

    /// The first fixed input width among the layers, if nothing before it changes the width.
    public var inputFeatures: Int? {
        for l in layers {
            if let n = l.inputFeatures { return n }
        }
        return nil
    }

    public var description: String {
        "Sequential(\n" + layers.enumerated().map { i, l in
            "  (\(i)): " + l.description.replacingOccurrences(of: "\n", with: "\n  ")
        }.joined(separator: "\n") + "\n)"
    }

    /// A multi-layer perceptron: Linear layers of the given sizes with `activation` between
    /// them (none after the last), e.g. `MLP([64, 128, 10])` is Linear(64, 128), ReLU, Linear(128, 10).
    public static func mlp(_ sizes: [Int], activation: Activation.Kind = .relu) throws -> Sequential {
        guard sizes.count >= 2 else {
            throw LearnError.value("MLP: needs at least two sizes (inputs and outputs), got \(sizes)")
        }
        var layers: [Layer] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(Activation(activation)) }
            layers.append(try Linear(sizes[i], sizes[i + 1]))
        }
        return Sequential(layers)
    }
}
