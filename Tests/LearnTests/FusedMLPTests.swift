import Engine
import XCTest
@testable import Learn

/// The fused perceptron step against the autograd engine: same weights, same batches, same
/// losses and the same parameters after training.
final class FusedMLPTests: XCTestCase {
    private func bothPaths(_ net: Layer, _ data: Dataset, _ loss: Loss, _ recipe: OptimizerRecipe,
                           batchSize: Int?, file: StaticString = #filePath, line: UInt = #line) throws {
        let twin = try net.copy()
        XCTAssertNotNil(try FusedMLP(model: net, loss: loss, data: data, batch: batchSize ?? data.count),
                        "the fused path applies", file: file, line: line)
        let fused = try train(net, data, loss: loss, optimizer: recipe, epochs: 3, batchSize: batchSize, validation: nil,
                              schedule: nil, shuffle: true, seed: 5, name: nil, fused: true, progress: nil)
        let graph = try train(twin, data, loss: loss, optimizer: recipe, epochs: 3, batchSize: batchSize, validation: nil,
                              schedule: nil, shuffle: true, seed: 5, name: nil, fused: false, progress: nil)
        XCTAssertEqual(fused.stepLoss.count, graph.stepLoss.count, file: file, line: line)
        for (a, b) in zip(fused.stepLoss, graph.stepLoss) {
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
            try bothPaths(Sequential.mlp([4, 6, 5, 3], activation: kind), data, .crossEntropy, .adam(lr: 0.05), batchSize: 8)
        }
    }

    func testMSEAndBatchGradientDescent() throws {
        Random.seed(2)
        let data = try Synthetic.linearRegression(n: 30, features: 3, seed: 1)
        try bothPaths(Sequential.mlp([3, 5, 1], activation: .tanh), data, .mse, .momentum(lr: 0.05), batchSize: nil)
        try bothPaths(Linear(3, 1), data, .mse(.sum), .sgd(lr: 0.01), batchSize: 7)
    }

    func testOtherModelsAndLossesUseTheEngine() throws {
        let data = try Synthetic.blobs(n: 20, centers: 2, seed: 1)
        XCTAssertNil(try FusedMLP(model: Sequential([Linear(2, 4), Dropout(0.5), Linear(4, 2)]), loss: .crossEntropy, data: data, batch: 4))
        XCTAssertNil(try FusedMLP(model: Sequential([Linear(2, 2), Activation(.softmax)]), loss: .crossEntropy, data: data, batch: 4))
        XCTAssertNil(try FusedMLP(model: Sequential.mlp([2, 2]), loss: .nll, data: data, batch: 4))
        XCTAssertNil(try FusedMLP(model: Sequential([Activation(.relu), Linear(2, 2)]), loss: .crossEntropy, data: data, batch: 4))
    }
}
