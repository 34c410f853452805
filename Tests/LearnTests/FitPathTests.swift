import Engine
import Interruption
@testable import Learn
import XCTest

/// `fit` takes the step a hand-written loop takes. The loop here is written without Engine's
/// fused ops (matmul, then + bias, then the activation; log-softmax and nll, or the squared
/// difference) and so checks the fused rules `fit` runs through (linear with its activation,
/// cross-entropy, mse) against the chain rule through their parts: same weights, same batches,
/// same losses and the same parameters after training.
final class FitPathTests: XCTestCase {
    /// The forward pass of `net` from primitives only.
    private func unfused(_ net: Layer, _ x: Tensor) throws -> Tensor {
        if let s = net as? Sequential { return try s.layers.reduce(x) { try unfused($1, $0) } }
        if let l = net as? Linear {
            let y = try x.matmul(l.weight.T)
            return try l.bias.map { try y + $0 } ?? y
        }
        let a = try XCTUnwrap(net as? Activation)
        switch a.kind {
        case .relu: return try x.relu()
        case .tanh: return try x.tanh()
        case .sigmoid: return try x.sigmoid()
        case .softmax: return try x.softmax()
        }
    }

    private func unfused(_ loss: Loss, _ out: Tensor, _ y: Tensor) throws -> Tensor {
        switch loss {
        case .crossEntropy: return try Tensor.nllLoss(out.logSoftmax(axis: 1), y)
        case .mse(let r):
            let squares = try (out - y).pow(2)
            return try r == .sum ? squares.sum() : squares.mean()
        default: throw XCTSkip("no unfused form for \(loss)")
        }
    }

    /// `fit` on `net` against the hand-written loop on a copy, batch by batch in fit's order.
    private func compare(_ net: Layer, _ data: Dataset, _ loss: Loss, _ recipe: OptimizerRecipe,
                         batchSize: Int?, file: StaticString = #filePath, line: UInt = #line) throws {
        let twin = try net.copy()
        let (epochs, seed) = (3, UInt64(5))
        let run = try fit(net, data, loss: loss, optimizer: recipe, epochs: epochs, batchSize: batchSize, seed: seed)

        let optimizer = try Optimizer(twin.parameters(), recipe)
        let size = batchSize ?? data.count
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<data.count)
        var losses: [Double] = []
        for _ in 0..<epochs {
            if size < data.count { order.shuffle(using: &rng) }
            let epoch = try data.rows(order)
            for lo in stride(from: 0, to: data.count, by: size) {
                let rows = [TensorIndex.slice(start: lo, stop: Swift.min(lo + size, data.count), step: nil)]
                let l = try unfused(loss, unfused(twin, epoch.x.index(rows)), epoch.y.index(rows))
                losses.append(try l.item())
                optimizer.zeroGrad()
                try l.backward()
                try optimizer.step()
            }
        }
        XCTAssertEqual(run.stepLoss.count, losses.count, file: file, line: line)
        for (a, b) in zip(run.stepLoss, losses) {
            XCTAssertEqual(a, b, accuracy: 1e-5 * Swift.max(1, Swift.abs(b)), file: file, line: line)
        }
        for ((name, p), q) in zip(net.namedParameters(), twin.parameters()) {
            for (a, b) in zip(p.scalars(), q.scalars()) {
                XCTAssertEqual(a, b, accuracy: 1e-5, name, file: file, line: line)
            }
        }
    }

    func testCrossEntropyWithEachActivation() throws {
        Random.seed(1)
        let data = try Synthetic.blobs(n: 50, centers: 3, features: 4, seed: 3)
        for kind in [Activation.Kind.relu, .tanh, .sigmoid] {
            try compare(Sequential.mlp([4, 6, 5, 3], activation: kind), data, .crossEntropy, .adam(lr: 0.05), batchSize: 8)
        }
    }

    func testMSEAndBatchGradientDescent() throws {
        Random.seed(2)
        let data = try Synthetic.linearRegression(n: 30, features: 3, seed: 1)
        try compare(Sequential.mlp([3, 5, 1], activation: .tanh), data, .mse, .momentum(lr: 0.05), batchSize: nil)
        try compare(Linear(3, 1), data, .mse(.sum), .sgd(lr: 0.01), batchSize: 7)
    }

    /// The fused linear-activation op is the one `Sequential` runs, and its output is what the
    /// separate ops give.
    func testSequentialFusesLinearWithItsActivation() throws {
        Random.seed(3)
        let net = try Sequential.mlp([4, 6, 2], activation: .sigmoid)
        let x = try Tensor.randn([5, 4])
        let output = try net.forward(x)
        let hidden = try XCTUnwrap(output.inputs.first)
        XCTAssertEqual(hidden.op, "sigmoid", "grad_fn names the last op applied, as PyTorch's does")
        XCTAssertEqual(hidden.inputs.count, 3, "one op read input, weight and bias")
        let expected = try unfused(net, x).scalars()
        for (a, b) in zip(output.scalars(), expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    /// After the first steps, a training step of `fit` takes no new tensor buffer.
    func testSteadyStateStepsAllocateNoBuffers() throws {
        Random.seed(4)
        let data = try Synthetic.blobs(n: 64, centers: 3, features: 4, seed: 3)
        let net = try Sequential.mlp([4, 16, 3])
        _ = try fit(net, data, loss: .crossEntropy, optimizer: .adam(lr: 0.01), epochs: 2, batchSize: 16, shuffle: false)
        let before = Memory.freshBuffers
        _ = try fit(net, data, loss: .crossEntropy, optimizer: .adam(lr: 0.01), epochs: 2, batchSize: 16, shuffle: false)
        XCTAssertLessThan(Memory.freshBuffers - before, 8, "buffers per whole fit: its setup, not one per step")
    }
}
