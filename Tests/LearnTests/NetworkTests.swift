import Engine
import XCTest
@testable import Learn

final class NetworkTests: XCTestCase {
    func testLinearInitialisationFollowsPyTorch() throws {
        Random.seed(1)
        let l = try Linear(64, 128)
        XCTAssertEqual(l.weight.shape, [128, 64])
        XCTAssertEqual(l.bias?.shape, [128])
        let bound = 1 / 8.0
        let w = l.weight.scalars(), b = l.bias?.scalars() ?? []
        XCTAssertTrue((w + b).allSatisfy { Swift.abs($0) <= bound })
        // U(−1/8, 1/8) has variance (1/4)²/12 = 1/192; 8192 draws estimate it within a few percent.
        let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        XCTAssertEqual(variance, 1 / 192, accuracy: 0.1 / 192)
        XCTAssertTrue(l.weight.requiresGrad)
        XCTAssertNil(try Linear(3, 2, bias: false).bias)
        XCTAssertThrowsError(try Linear(0, 2))
    }

    func testForwardIsXWTransposedPlusB() throws {
        let l = try Linear(2, 1)
        try Autograd.noGrad {
            try l.weight.copy_(Tensor(shape: [1, 2], scalars: [2, -1]))
            try l.bias?.copy_(Tensor(shape: [1], scalars: [0.5]))
        }
        let y = try l(Tensor(shape: [2, 2], scalars: [1, 1, 3, 2]))
        XCTAssertEqual(y.scalars(), [1.5, 4.5])
        XCTAssertThrowsError(try l(Tensor.zeros([2, 3])))
    }

    func testSequentialNamesIndexingAndSummary() throws {
        let net = try Sequential.mlp([64, 128, 10])
        XCTAssertEqual(net.namedParameters().map(\.0), ["0.weight", "0.bias", "2.weight", "2.bias"])
        XCTAssertEqual(net.parameterCount, 64 * 128 + 128 + 128 * 10 + 10)
        XCTAssertTrue(try net.layer(at: 1) is Activation)
        XCTAssertTrue((try net.layer(at: -1) as? Linear)?.outFeatures == 10)
        XCTAssertThrowsError(try net.layer(at: 3))
        let s = NetworkSummary(net)
        XCTAssertEqual(s.rows.map(\.outputShape), ["(N, 128)", "(N, 128)", "(N, 10)"])
        XCTAssertEqual(s.rows.map(\.parameters), [8320, 0, 1290])
        XCTAssertEqual(s.totalParameters, 9610)
        XCTAssertTrue(s.description.contains("total parameters: 9610"))
        XCTAssertEqual(try net(Tensor.zeros([5, 64])).shape, [5, 10])
    }

    func testDeepCopyIsIndependent() throws {
        let net = try Sequential.mlp([3, 4, 2], activation: .tanh)
        let twin = try net.copy()
        let a = net.parameters(), b = twin.parameters()
        for (p, q) in zip(a, b) {
            XCTAssertFalse(p === q)
            XCTAssertEqual(p.scalars(), q.scalars())
            XCTAssertTrue(q.requiresGrad)
        }
        try Autograd.noGrad { try a[0].fill_(7) }
        XCTAssertNotEqual(b[0].scalars()[0], 7)
    }

    func testTrainEvalAndDropout() throws {
        let drop = try Dropout(0.5)
        let net = Sequential([try Linear(4, 4), drop])
        XCTAssertTrue(drop.isTraining)
        let x = try Tensor.ones([200, 4])
        net.eval()
        XCTAssertFalse(drop.isTraining)
        XCTAssertEqual(try drop(x).scalars(), x.scalars())
        net.train()
        let out = try drop(x).scalars()
        XCTAssertTrue(out.allSatisfy { $0 == 0 || $0 == 2 }, "kept values are scaled by 1/(1 − p)")
        let kept = Double(out.filter { $0 == 2 }.count) / Double(out.count)
        XCTAssertEqual(kept, 0.5, accuracy: 0.06)
        XCTAssertThrowsError(try Dropout(1))
    }

    func testActivations() throws {
        let x = try Tensor(shape: [1, 3], scalars: [-1, 0, 2])
        XCTAssertEqual(try Activation(.relu)(x).scalars(), [0, 0, 2])
        let s = try Activation(.softmax)(x).scalars()
        XCTAssertEqual(s.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(s[2], exp(2) / (exp(-1) + 1 + exp(2)), accuracy: 1e-6)
        XCTAssertEqual(try Activation(.sigmoid)(x).scalars()[1], 0.5, accuracy: 1e-7)
        XCTAssertEqual(try Activation(.tanh)(x).scalars()[2], tanh(2), accuracy: 1e-6)
    }

    func testLosses() throws {
        let logits = try Tensor(shape: [2, 3], scalars: [1e4, 0, -1e4, 0, 0, 0])
        let labels = try Tensor(shape: [2], scalars: [0, 2], dtype: .int64)
        // Row 1: softmax ≈ (1, 0, 0), loss 0; row 2: uniform, loss ln 3. Mean: ln 3 / 2.
        XCTAssertEqual(try crossEntropy(logits, labels).item(), log(3) / 2, accuracy: 1e-5)
        let oneHot = try Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 0, 1])
        XCTAssertEqual(try crossEntropy(logits, oneHot).item(), log(3) / 2, accuracy: 1e-5)
        XCTAssertEqual(try nll(logits.logSoftmax(axis: 1), labels).item(), log(3) / 2, accuracy: 1e-5)
        XCTAssertEqual(try accuracy(logits, labels), 0.5)
        let p = try Tensor(shape: [2], scalars: [0.9, 0.2]), y = try Tensor(shape: [2], scalars: [1, 0])
        XCTAssertEqual(try bce(p, y).item(), -(log(0.9) + log(0.8)) / 2, accuracy: 1e-6)
        XCTAssertEqual(try accuracy(p, y), 1)
        let a = try Tensor(shape: [2], scalars: [1, 2]), b = try Tensor(shape: [2], scalars: [0, 0])
        XCTAssertEqual(try mse(a, b).item(), 2.5)
        XCTAssertEqual(try mse(a, b, reduction: .sum).item(), 5)
    }
}
