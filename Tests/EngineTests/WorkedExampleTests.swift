import XCTest
import Engine

/// The lecture's "Backpropagation: computation example", through the engine's own backward.
final class WorkedExampleTests: XCTestCase {
    struct Net {
        let w1 = try! param([2, 2], [0.1, 0.3, 0.6, 0.8])      // u1 = 0.1 x1 + 0.3 x2, u2 = 0.6 x1 + 0.8 x2
        let b1 = try! param([2], [0.1, 0.5])
        let w2 = try! param([2, 2], [0.5, 0.9, 0.25, 0.15])    // z1 = w5 h1 + w7 h2, z2 = w6 h1 + w8 h2
        let b2 = try! param([2], [0.5, 0.1])
        let x = try! Tensor(shape: [1, 2], scalars: [0.2, 0.5], dtype: .float64)

        static func param(_ shape: [Int], _ v: [Double]) throws -> Tensor {
            let t = try Tensor(shape: shape, scalars: v, dtype: .float64)
            try t.setRequiresGrad(true)
            return t
        }
    }

    func testFusedLayersAndCrossEntropyReproduceTheLecture() throws {
        let net = Net()
        let h = try Tensor.linear(net.x, weight: net.w1, bias: net.b1).relu()
        XCTAssertEqual(try h.scalars()[1], 1.02, accuracy: 1e-12)
        let z = try Tensor.linear(h, weight: net.w2, bias: net.b2)
        let yHat = try z.softmax(axis: 1).scalars()
        XCTAssertEqual(yHat[0], 0.774256, accuracy: 1e-6)
        XCTAssertEqual(yHat[1], 0.225744, accuracy: 1e-6)
        let loss = try Tensor.crossEntropy(z, Tensor(shape: [1], scalars: [1], dtype: .int64))
        XCTAssertEqual(try loss.item(), 1.488353, accuracy: 1e-6)
        try loss.backward()
        try checkGradientsAndStep(net)
    }

    func testComposedSoftmaxAndLogReproduceTheLecture() throws {
        let net = Net()
        let h = try (net.x.matmul(net.w1.T) + net.b1).relu()
        let yHat = try (h.matmul(net.w2.T) + net.b2).softmax()
        let target = try Tensor(shape: [1, 2], scalars: [0, 1], dtype: .float64)
        let loss = try (target * yHat.log()).sum().neg()
        XCTAssertEqual(try loss.item(), 1.488353, accuracy: 1e-6)
        try loss.backward()
        try checkGradientsAndStep(net)
    }

    private func checkGradientsAndStep(_ net: Net) throws {
        let dw2 = try XCTUnwrap(net.w2.grad).scalars()
        let dw1 = try XCTUnwrap(net.w1.grad).scalars()
        XCTAssertEqual(dw2[3], -0.789741, accuracy: 1e-6, "dl/dw8")
        XCTAssertEqual(dw1[0], 0.038713, accuracy: 1e-6, "dl/dw1")
        try Autograd.noGrad {
            for p in [net.w1, net.b1, net.w2, net.b2] { try p.addScaled_(XCTUnwrap(p.grad), alpha: -0.5) }
        }
        XCTAssertEqual(net.w2.scalars()[3], 0.544871, accuracy: 1e-6, "w8 after one step")
        XCTAssertEqual(net.w1.scalars()[0], 0.080644, accuracy: 1e-6, "w1 after one step")
    }
}
