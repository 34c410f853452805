import Engine
import Interruption
@testable import Learn
import XCTest

final class TrainingTests: XCTestCase {
    override func setUp() { Random.seed(0) }

    private func kind(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return (error as? EngineError)?.kind ?? "\(error)" }
    }

    // MARK: convergence

    func testIrisReaches95PercentTestAccuracy() throws {
        // 30 test flowers: 95% allows one mistake. Batch gradient descent, so the result does not
        // hang on a batch order. (Across split seeds 1-8 this setting scores 26, 29, 28, 29, 29,
        // 29, 29, 29 of 30: seeds 1 and 3 put hard versicolor/virginica flowers in the test set.)
        let parts = try split(iris(), [0.6, 0.2, 0.2], seed: 4)
        let data = try standardize(parts[0], [parts[1], parts[2]])
        let net = try Sequential.mlp([4, 16, 3])
        let run = try fit(net, data[0], loss: .crossEntropy, optimizer: .adam(lr: 0.01), epochs: 200,
                          validation: data[1], seed: 1)
        XCTAssertFalse(run.diverged)
        let test = try evaluate(net, data[2], loss: .crossEntropy)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(test.accuracy), 0.95, "\(run) \(test)")
        XCTAssertEqual(run.valAccuracy.count, 200)
    }

    func testDigitsMLPReaches95PercentTestAccuracy() throws {
        let parts = try split(digits(), [0.6, 0.2, 0.2], seed: 1)
        let data = try standardize(parts[0], [parts[1], parts[2]])
        let net = try Sequential.mlp([64, 128, 10])
        let run = try fit(net, data[0], loss: .crossEntropy, optimizer: .adam(lr: 1e-3), epochs: 10,
                          batchSize: 32, validation: data[1], seed: 1)
        let test = try evaluate(net, data[2], loss: .crossEntropy)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(test.accuracy), 0.95, "\(run) \(test)")
    }

    func testSpiralReaches95PercentTrainingAccuracy() throws {
        let data = try Synthetic.spiral(n: 100, classes: 3, noise: 0.2, seed: 1)
        let net = try Sequential.mlp([2, 64, 3])
        let run = try fit(net, data, loss: .crossEntropy, optimizer: .adam(lr: 0.05), epochs: 200, seed: 1)
        let train = try evaluate(net, data, loss: .crossEntropy)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(train.accuracy), 0.95, "\(run) \(train)")
        XCTAssertEqual(run.stepLoss.count, 200, "batch gradient descent: one step per epoch")
    }

    func testAdamReachesTheRosenbrockMinimum() throws {
        let path = try minimize(TestFunction.rosenbrock.callAsFunction, start: [-1.5, 2],
                                optimizer: .adam(lr: 0.02), steps: 3000)
        XCTAssertEqual(path.final[0], 1, accuracy: 1e-3)
        XCTAssertEqual(path.final[1], 1, accuracy: 1e-3)
    }

    func testTestFunctionMinima() throws {
        for f in TestFunction.allCases {
            guard let m = f.minimum else { continue }
            let v = try f(m.map { Tensor($0, dtype: .float64) }).item()
            XCTAssertEqual(v, 0, accuracy: 1e-12, f.rawValue)
        }
        XCTAssertEqual(try TestFunction.saddle([Tensor(1, dtype: .float64), Tensor(2, dtype: .float64)]).item(), -3)
        XCTAssertEqual(try TestFunction.ravine([Tensor(1, dtype: .float64), Tensor(1, dtype: .float64)]).item(), 51)
    }

    // MARK: compare

    func testCompareStartsEveryRunFromTheSameWeightsAndBatches() throws {
        let data = try Synthetic.blobs(n: 60, centers: 3, seed: 2)
        let net = try Sequential.mlp([2, 8, 3])
        let before = net.parameters().map { $0.scalars() }
        let runs = try compare([("sgd", .sgd(lr: 0.1)), ("momentum", .momentum(lr: 0.05)), ("nag", .nag(lr: 0.05)),
                                ("adagrad", .adagrad(lr: 0.1)), ("rmsprop", .rmsprop(lr: 0.01)), ("adam", .adam(lr: 0.01)),
                                ("adabound", .adaBound(lr: 0.02))],
                               model: net, data: data, loss: .crossEntropy, epochs: 2, batchSize: 10)
        XCTAssertEqual(runs.map(\.name), ["sgd", "momentum", "nag", "adagrad", "rmsprop", "adam", "adabound"])
        let first = runs[0].stepLoss[0]
        for r in runs { XCTAssertEqual(r.stepLoss[0], first, r.name) }
        XCTAssertEqual(Set(runs.map { $0.stepLoss[1] }).count, 7, "the optimizers then part ways")
        XCTAssertEqual(net.parameters().map { $0.scalars() }, before, "the model itself is left untouched")
        XCTAssertEqual(Set(runs.map(\.settings.shuffleSeed)).count, 1)
    }

    // MARK: fit mechanics

    func testBatchSizeDecidesTheStepsPerEpoch() throws {
        let data = try Synthetic.xor(n: 10, seed: 1)
        let net = try Sequential.mlp([2, 4, 2])
        XCTAssertEqual(try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 2).stepLoss.count, 2)
        XCTAssertEqual(try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 2, batchSize: 1).stepLoss.count, 20)
        let run = try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 2, batchSize: 4)
        XCTAssertEqual(run.stepLoss.count, 6)
        XCTAssertEqual(run.epochLoss.count, 2)
        XCTAssertEqual(run.epochTime.count, 2)
        XCTAssertGreaterThan(run.wallTime, 0)
        XCTAssertEqual(run.settings.batchSize, 4)
    }

    func testScheduleSetsTheLearningRatePerEpoch() throws {
        XCTAssertEqual((0..<5).map { Schedule.stepDecay(every: 2, factor: 0.5).learningRate(base: 1, epoch: $0) },
                       [1, 1, 0.5, 0.5, 0.25])
        XCTAssertEqual(Schedule.expDecay(rate: 0.1).learningRate(base: 2, epoch: 3), 2 * exp(-0.3), accuracy: 1e-15)
        XCTAssertEqual(Schedule.inverseTime(rate: 0.5).learningRate(base: 1, epoch: 2), 0.5)
        let data = try Synthetic.xor(n: 8, seed: 1)
        let run = try fit(Sequential.mlp([2, 2]), data, loss: .crossEntropy, optimizer: .sgd(lr: 0.4), epochs: 3,
                          schedule: .stepDecay(every: 1, factor: 0.5))
        XCTAssertEqual(run.learningRate, [0.4, 0.2, 0.1])
        XCTAssertThrowsError(try Schedule.stepDecay(every: 0, factor: 0.5).validate())
    }

    func testRegressionFromACSVTable() throws {
        // y = 2a − b + 1 exactly; a linear layer fitted with mse finds the coefficients.
        var text = "a,b,y\n"
        for i in 0..<20 {
            let a = Double(i % 5), b = Double(i / 5)
            text += "\(a),\(b),\(2 * a - b + 1)\n"
        }
        let data = try Dataset(CSVTable(parsing: text, source: "r.csv", target: "y"))
        XCTAssertEqual(data.y.shape, [20, 1])
        let model = try Linear(2, 1)
        let run = try fit(model, data, loss: .mse, optimizer: .adam(lr: 0.1), epochs: 300)
        XCTAssertLessThan(run.finalLoss, 1e-3)
        for (got, want) in zip(model.weight.scalars() + (model.bias?.scalars() ?? []), [2.0, -1, 1]) {
            XCTAssertEqual(got, want, accuracy: 0.05)
        }
    }

    func testDivergenceStopsTheRunWithAWarning() throws {
        let data = try Synthetic.linearRegression(n: 20, features: 2, seed: 1)
        let run = try fit(Linear(2, 1), data, loss: .mse, optimizer: .sgd(lr: 1e6), epochs: 50)
        XCTAssertTrue(run.diverged)
        XCTAssertLessThan(run.epochs, 50)
        XCTAssertEqual(run.warnings.count, 1, "\(run.warnings)")
        XCTAssertTrue(run.stepLoss.allSatisfy(\.isFinite))
    }

    /// mse of w·x on x = ±1, y = 0 is w², its gradient 2w: SGD with lr 1.5 maps w to −2w, so the
    /// loss is 4^k after k steps, finite for hundreds of steps. 4^5 = 1024 is the first past 1000
    /// times the start: batch gradient descent stops after its sixth epoch.
    func testALossGrowingAThousandfoldStopsTheRun() throws {
        let data = try Dataset(x: Tensor(shape: [2, 1], scalars: [1, -1]), y: Tensor(shape: [2, 1], scalars: [0, 0]))
        let model = try Linear(1, 1, bias: false)
        try Autograd.noGrad { try model.weight.copy_(Tensor(shape: [1, 1], scalars: [1])) }
        let run = try fit(model, data, loss: .mse, optimizer: .sgd(lr: 1.5), epochs: 50)
        XCTAssertEqual(run.epochLoss, [1, 4, 16, 64, 256, 1024])
        XCTAssertTrue(run.diverged)
        XCTAssertEqual(run.warnings, ["fit: the loss grew from 1 to 1024 by epoch 6, over 1000 times its start; the run stopped (try a smaller learning rate)"])
        XCTAssertTrue(run.description.hasSuffix("diverged)"), run.description)
    }

    /// f = x² from 1 with SGD lr 1.5: x ← −2x, f = 4^k; step 5 (1024) is past 1000 times f(1) = 1.
    func testMinimizeStopsWhenFGrowsAThousandfold() throws {
        let path = try minimize({ try $0[0] * $0[0] }, start: [1], optimizer: .sgd(lr: 1.5), steps: 100)
        XCTAssertEqual(path.values, [1, 4, 16, 64, 256, 1024])
        XCTAssertTrue(path.diverged)
        XCTAssertEqual(path.warnings.count, 1)
    }

    func testInterruptStopsTrainingBetweenSteps() throws {
        let data = try Synthetic.xor(n: 20, seed: 1)
        var steps = 0
        XCTAssertEqual(kind {
            try fit(Sequential.mlp([2, 4, 2]), data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 100,
                    batchSize: 1) { _ in
                steps += 1
                if steps == 5 { Interrupt.request() }
            }
        }, "KeyboardInterrupt")
        XCTAssertEqual(steps, 5)
        XCTAssertFalse(Interrupt.isRequested)
    }

    func testProgressReportsEveryStep() throws {
        let data = try Synthetic.xor(n: 12, seed: 1)
        var seen: [TrainingProgress] = []
        _ = try fit(Sequential.mlp([2, 2]), data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 2,
                    batchSize: 5) { seen.append($0) }
        XCTAssertEqual(seen.count, 6)
        XCTAssertEqual(seen.last?.fraction, 1)
        XCTAssertEqual(seen.map(\.step), [1, 2, 3, 1, 2, 3])
    }

    // MARK: bad input, caught before any step

    func testBadInputFailsBeforeAnyStep() throws {
        let data = try Synthetic.blobs(n: 30, centers: 3, features: 2, seed: 1)
        let net = try Sequential.mlp([2, 4, 3])
        let before = net.parameters().map { $0.scalars() }
        func unchanged() { XCTAssertEqual(net.parameters().map { $0.scalars() }, before) }

        let wide = try Synthetic.blobs(n: 30, centers: 3, features: 5, seed: 1)
        XCTAssertThrowsError(try fit(net, wide, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 1)) { e in
            XCTAssertEqual((e as? EngineError)?.message,
                           "the training data has 5 features per example but the model's first layer expects 2")
        }
        let manyClasses = try Synthetic.blobs(n: 30, centers: 5, features: 2, seed: 1)
        XCTAssertThrowsError(try fit(net, manyClasses, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 1)) { e in
            XCTAssertEqual((e as? EngineError)?.message,
                           "the training data has class index 4 but the model outputs 3 values per example (classes 0..2)")
        }
        XCTAssertThrowsError(try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 1,
                                     validation: manyClasses))
        for lr in [0, -0.1, .nan, .infinity] {
            XCTAssertEqual(kind { try OptimizerRecipe.adam(lr: lr) }, "ValueError", "lr \(lr)")
        }
        XCTAssertThrowsError(try OptimizerRecipe.momentum(lr: 0.1, gamma: 1))
        XCTAssertThrowsError(try Optimizer([], .sgd(lr: 0.1)))
        XCTAssertThrowsError(try Dataset(x: Tensor.zeros([0, 2]), y: Tensor.zeros([0], dtype: .int64)))
        XCTAssertThrowsError(try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 0))
        XCTAssertThrowsError(try fit(net, data, loss: .crossEntropy, optimizer: .sgd(lr: 0.1), epochs: 1, batchSize: 0))
        XCTAssertThrowsError(try fit(net, data, loss: .mse, optimizer: .sgd(lr: 0.1), epochs: 1))
        XCTAssertThrowsError(try minimize(TestFunction.rosenbrock.callAsFunction, start: [1, 2, 3],
                                          optimizer: .sgd(lr: 0.1)))
        unchanged()
    }
}
