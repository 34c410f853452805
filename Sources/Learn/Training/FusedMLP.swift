import COpenBLAS
import Engine
import Foundation

/// The training step of a plain multi-layer perceptron, fused: forward, loss and backward on
/// buffers allocated once, with one `cblas_sgemm` per matrix product and no graph.
///
/// `fit` uses it when the model is Linear layers with ReLU, Sigmoid or Tanh between them and the
/// loss is cross-entropy on class indices or mse: the networks of the lecture. Anything else
/// (Dropout, Softmax layers, custom losses, one-hot targets) goes through the autograd engine.
/// Both compute the same formulas (dL/dz = softmax − one-hot for cross-entropy, the chain rule
/// through each layer), which `FusedMLPTests` checks step by step. It writes each gradient into
/// a `.grad` tensor it owns, so the optimizer steps exactly as after `backward()`. Per step it
/// allocates nothing: steady-state training reuses every buffer.
final class FusedMLP {
    private enum Target { case classes([Int32]), values }

    private struct Dense {
        let weight: Tensor, bias: Tensor?
        let weightGrad: Tensor, biasGrad: Tensor?
        let inputs: Int, outputs: Int
        /// The activation after this layer, nil after the last one.
        let activation: Activation.Kind?
        /// This layer's output (after its activation): batch × outputs.
        let output: UnsafeMutablePointer<Float>
        /// dL/d(this layer's pre-activation): batch × outputs.
        let delta: UnsafeMutablePointer<Float>
    }

    private let layers: [Dense]
    private let capacity: Int
    private let features: Int
    private let input: UnsafeMutablePointer<Float>
    private let targetRows: UnsafeMutablePointer<Float>
    private let labelRows: UnsafeMutablePointer<Int32>
    /// A column of ones: bias gradients are deltaᵀ·1.
    private let ones: UnsafeMutablePointer<Float>
    private let data: Dataset
    private let target: Target
    private let reduction: Reduction?
    private var owned: [UnsafeMutablePointer<Float>] = []

    /// A fused step for `model` and `loss` on `data` in batches of up to `batch` rows, or nil when
    /// the model or loss is not one it handles.
    init?(model: Layer, loss: Loss, data: Dataset, batch: Int) throws {
        let list: [Layer] = (model as? Sequential)?.layers ?? [model]
        var plan: [(Linear, Activation.Kind?)] = []
        for layer in list {
            if let linear = layer as? Linear {
                plan.append((linear, nil))
            } else if let a = layer as? Activation, a.kind != .softmax, let last = plan.last, last.1 == nil {
                plan[plan.count - 1].1 = a.kind
            } else {
                return nil
            }
        }
        guard let last = plan.last, last.1 == nil, plan[0].0.inFeatures == data.features else { return nil }
        let parameters = plan.flatMap { [$0.0.weight] + ($0.0.bias.map { [$0] } ?? []) }
        guard parameters.allSatisfy({ $0.dtype == .float32 && $0.isContiguous }) else { return nil }
        let outputs = last.0.outFeatures
        switch loss {
        case .crossEntropy where data.isClassification:
            reduction = nil
            target = .classes(data.y.scalars().map { Int32($0) })
        case .mse(let r) where !data.isClassification && data.y.count == data.count * outputs:
            reduction = r
            target = .values
        default:
            return nil
        }
        self.data = data
        capacity = batch
        features = data.features
        var buffers: [UnsafeMutablePointer<Float>] = []
        func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(n, 1))
            p.initialize(repeating: 0, count: Swift.max(n, 1))
            buffers.append(p)
            return p
        }
        input = buffer(batch * features)
        ones = buffer(batch)
        ones.update(repeating: 1, count: batch)
        targetRows = buffer(batch * outputs)
        layers = try plan.map { linear, activation in
            Dense(weight: linear.weight, bias: linear.bias,
                  weightGrad: try Tensor.zeros(linear.weight.shape), biasGrad: try linear.bias.map { try Tensor.zeros($0.shape) },
                  inputs: linear.inFeatures, outputs: linear.outFeatures, activation: activation,
                  output: buffer(batch * linear.outFeatures), delta: buffer(batch * linear.outFeatures))
        }
        owned = buffers
        labelRows = .allocate(capacity: batch)
        labelRows.initialize(repeating: 0, count: batch)
    }

    /// The largest m·n·k of the step's matrix products, for choosing BLAS threads.
    var largestProduct: Int { layers.map { capacity * $0.inputs * $0.outputs }.max() ?? 0 }

    deinit {
        for p in owned { p.deallocate() }
        labelRows.deallocate()
    }

    /// Forward, loss and backward on the rows `order[range]` of the data; leaves every parameter's
    /// gradient in its `.grad` and returns the loss (NaN or infinity when it diverged).
    func step(rows order: UnsafeBufferPointer<Int>) -> Double {
        let n = order.count
        gather(order)
        forward(n)
        let loss = lossAndGradient(n)
        guard loss.isFinite else { return loss }
        backward(n)
        for layer in layers {
            layer.weight.grad = layer.weightGrad
            if let b = layer.bias { b.grad = layer.biasGrad }
        }
        return loss
    }

    private func gather(_ order: UnsafeBufferPointer<Int>) {
        let f = features
        data.x.withUnsafeMutableFloats { x in
            for (r, row) in order.enumerated() {
                (input + r * f).update(from: x.baseAddress! + row * f, count: f)
            }
        }
        switch target {
        case .classes(let labels):
            for (r, row) in order.enumerated() { labelRows[r] = labels[row] }
        case .values:
            let k = layers[layers.count - 1].outputs
            data.y.withUnsafeMutableFloats { y in
                for (r, row) in order.enumerated() { (targetRows + r * k).update(from: y.baseAddress! + row * k, count: k) }
            }
        }
    }

    private func forward(_ n: Int) {
        var source = UnsafePointer(input)
        for layer in layers {
            let (k, m, out) = (layer.inputs, layer.outputs, layer.output)
            if let bias = layer.bias {
                bias.withUnsafeMutableFloats { b in
                    for r in 0..<n { (out + r * m).update(from: b.baseAddress!, count: m) }
                }
            }
            layer.weight.withUnsafeMutableFloats { w in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(m), Int32(k), 1,
                            source, Int32(k), w.baseAddress, Int32(k), layer.bias == nil ? 0 : 1, out, Int32(m))
            }
            if let a = layer.activation { activate(a, out, n * m) }
            source = UnsafePointer(out)
        }
    }

    private func activate(_ kind: Activation.Kind, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
        switch kind {
        case .relu: for i in 0..<count { p[i] = Swift.max(p[i], 0) }
        case .sigmoid: for i in 0..<count { p[i] = 1 / (1 + expf(-p[i])) }
        case .tanh: for i in 0..<count { p[i] = tanhf(p[i]) }
        case .softmax: break
        }
    }

    /// The loss of the last layer's output and its gradient in the last layer's delta.
    private func lossAndGradient(_ n: Int) -> Double {
        let last = layers[layers.count - 1]
        let (c, z, d) = (last.outputs, last.output, last.delta)
        var total = 0.0
        switch target {
        case .classes:
            let scale = 1 / Float(n)
            for r in 0..<n {
                let row = z + r * c, grad = d + r * c
                var top = row[0]
                for j in 1..<c where row[j] > top { top = row[j] }
                var sum: Float = 0
                for j in 0..<c {
                    grad[j] = expf(row[j] - top)
                    sum += grad[j]
                }
                let label = Int(labelRows[r])
                total += Double(logf(sum) + top - row[label])
                for j in 0..<c { grad[j] = grad[j] / sum * scale }
                grad[label] -= scale
            }
            return total / Double(n)
        case .values:
            let count = n * c
            let scale: Float = reduction == .sum ? 1 : 1 / Float(count)
            for i in 0..<count {
                let diff = z[i] - targetRows[i]
                total += Double(diff * diff)
                d[i] = 2 * diff * scale
            }
            return total * Double(scale)
        }
    }

    private func backward(_ n: Int) {
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let (k, m) = (layer.inputs, layer.outputs)
            let source = index == 0 ? UnsafePointer(input) : UnsafePointer(layers[index - 1].output)
            layer.weightGrad.withUnsafeMutableFloats { g in
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(k), Int32(n), 1,
                            layer.delta, Int32(m), source, Int32(k), 0, g.baseAddress, Int32(k))
            }
            layer.biasGrad?.withUnsafeMutableFloats { g in
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(m), 1, layer.delta, Int32(m),
                            ones, 1, 0, g.baseAddress, 1)
            }
            guard index > 0 else { break }
            let below = layers[index - 1]
            layer.weight.withUnsafeMutableFloats { w in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(k), Int32(m), 1,
                            layer.delta, Int32(m), w.baseAddress, Int32(k), 0, below.delta, Int32(k))
            }
            let (y, d) = (below.output, below.delta)
            switch below.activation {
            case .relu?:
                inLanes(n * k) { vectors, tail in
                    reluBackward(SIMD16<Float>.self, d, y, vectors)
                    reluBackward(Float.self, d, y, tail)
                }
            case .sigmoid?: for i in 0..<(n * k) { d[i] *= y[i] * (1 - y[i]) }
            case .tanh?: for i in 0..<(n * k) { d[i] *= 1 - y[i] * y[i] }
            case .softmax?, nil: break
            }
        }
    }
}

/// d ← d where y > 0, else 0, for `range`, `L.count` floats at a time.
private func reluBackward<L: Lanes>(_: L.Type, _ d: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                    _ range: Range<Int>) where L.Element == Float {
    for i in stride(from: range.lowerBound, to: range.upperBound, by: L.count) {
        L(loading: d + i).keepingWherePositive(L(loading: y + i)).store(d + i)
    }
}
