import Engine
import XCTest
@testable import Learn

/// The first two steps of every rule on f(θ) = θ² from θ₀ = 1 (so ∇ = 2θ), worked out by hand
/// from the lecture's formulas in the comments, against `minimize` (float64) and against an
/// `Optimizer` on a float32 parameter (the in-place fast path).
final class OptimizerFirstStepsTests: XCTestCase {
    private func square(_ v: [Tensor]) throws -> Tensor { try v[0].pow(2) }

    private func check(_ recipe: OptimizerRecipe, _ expected: [Double], accuracy: Double = 1e-9,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try minimize(square, start: [1], optimizer: recipe, steps: 2).points.map { $0[0] }
        XCTAssertEqual(path.count, 3, file: file, line: line)
        for (got, want) in zip(path, [1] + expected) {
            XCTAssertEqual(got, want, accuracy: accuracy, "\(recipe) float64", file: file, line: line)
        }
        let w = try Tensor(shape: [1], scalars: [1])
        try w.setRequiresGrad(true)
        let opt = try Optimizer([w], recipe)
        for want in expected {
            opt.zeroGrad()
            try w.pow(2).sum().backward()
            try opt.step()
            XCTAssertEqual(w.scalars()[0], want, accuracy: 1e-6, "\(recipe) float32", file: file, line: line)
        }
    }

    func testSGD() throws {
        // θ1 = 1 − 0.1·2 = 0.8; θ2 = 0.8 − 0.1·1.6 = 0.64
        try check(.sgd(lr: 0.1), [0.8, 0.64])
    }

    func testMomentum() throws {
        // v1 = 0.1·2 = 0.2, θ1 = 0.8; v2 = 0.9·0.2 + 0.1·1.6 = 0.34, θ2 = 0.8 − 0.34 = 0.46
        try check(.momentum(lr: 0.1, gamma: 0.9), [0.8, 0.46])
    }

    func testNAGLooksAhead() throws {
        // Look-ahead form: v1 = 0.1·∇(1 − 0.9·0) = 0.2, θ1 = 0.8;
        // v2 = 0.9·0.2 + 0.1·∇(0.8 − 0.18) = 0.18 + 0.1·1.24 = 0.304, θ2 = 0.8 − 0.304 = 0.496.
        // The parameters hold the look-ahead points φ = θ − γv: φ1 = 0.8 − 0.18 = 0.62,
        // φ2 = 0.496 − 0.9·0.304 = 0.2224.
        try check(.nag(lr: 0.1, gamma: 0.9), [0.62, 0.2224])
    }

    func testAdagrad() throws {
        // g1 = 4, θ1 = 1 − 0.1·2/(√4 + 1e-8) = 0.9 (to 1e-9);
        // g2 = 4 + 1.8² = 7.24, θ2 = 0.9 − 0.1·1.8/√7.24 = 0.9 − 0.18/2.6907248094 = 0.8331035268
        try check(.adagrad(lr: 0.1), [0.9, 0.8331035268], accuracy: 1e-8)
    }

    func testRMSprop() throws {
        // g1 = 0.1·4 = 0.4, θ1 = 1 − 0.1·2/√0.4 = 1 − 0.3162277660 = 0.6837722340;
        // ∇ = 1.3675444680, g2 = 0.9·0.4 + 0.1·1.8701778719 = 0.5470177872,
        // θ2 = 0.6837722340 − 0.13675444680/0.7396065083 = 0.4988706094
        try check(.rmsprop(lr: 0.1), [0.6837722340, 0.4988706094], accuracy: 1e-8)
    }

    func testAdam() throws {
        // m1 = 0.2, g1 = 0.004, m̂ = 2, ĝ = 4, θ1 = 1 − 0.1·2/2 = 0.9;
        // m2 = 0.18 + 0.18 = 0.36, g2 = 0.003996 + 0.00324 = 0.007236,
        // m̂ = 0.36/0.19 = 1.8947368421, ĝ = 0.007236/0.001999 = 3.6198099050, √ĝ = 1.9025798025,
        // θ2 = 0.9 − 0.1·1.8947368421/1.9025798025 = 0.8004122282
        try check(.adam(lr: 0.1), [0.9, 0.8004122282], accuracy: 1e-8)
    }

    func testAdaBoundClipsToItsBounds() throws {
        // γ = 0.5, final_lr = 0.1. t = 1: Adam's rate 0.1·√0.001/0.1/√0.004 = 0.5, bounds
        // [0.1(1 − 1/1.5), 0.1(1 + 1/0.5)] = [0.0333, 0.3], so rate 0.3 and θ1 = 1 − 0.3·0.2 = 0.94.
        // t = 2: ∇ = 1.88, m = 0.18 + 0.188 = 0.368, v = 0.003996 + 0.0035344 = 0.0075304,
        // rate 0.1·√0.001999/0.19/√0.0075304 = 0.2712, bounds [0.05, 0.2], so θ2 = 0.94 − 0.2·0.368 = 0.8664
        try check(.adaBound(lr: 0.1, finalLR: 0.1, gamma: 0.5), [0.94, 0.8664])
    }

    func testLearningRateIsSettableAndChecked() throws {
        let w = try Tensor(shape: [1], scalars: [1])
        try w.setRequiresGrad(true)
        let opt = try Optimizer([w], .sgd(lr: 0.1))
        try opt.setLR(0.25)
        try w.pow(2).sum().backward()
        try opt.step()
        XCTAssertEqual(w.scalars()[0], 0.5, accuracy: 1e-7) // 1 − 0.25·2
        XCTAssertThrowsError(try opt.setLR(0))
        XCTAssertThrowsError(try opt.setLR(.nan))
        XCTAssertEqual(opt.lr, 0.25)
    }

    func testZeroGradAndParametersWithoutGradients() throws {
        let a = try Tensor(shape: [1], scalars: [1]), b = try Tensor(shape: [1], scalars: [3])
        try a.setRequiresGrad(true)
        try b.setRequiresGrad(true)
        let opt = try Optimizer([a, b], .sgd(lr: 0.1))
        try a.pow(2).sum().backward()
        try opt.step()
        XCTAssertEqual(b.scalars(), [3], "a parameter without a gradient is left alone")
        opt.zeroGrad()
        XCTAssertNil(a.grad)
    }
}
