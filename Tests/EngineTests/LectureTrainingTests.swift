@testable import Engine
import Interruption
import XCTest

/// The lecture's PyTorch example (64, 1000, 100, 10; Linear-ReLU-Linear; sum of squared errors;
/// SGD lr 1e-4; 500 steps) from the fixture's initial tensors, against NumPy's loss curve.
final class LectureTrainingTests: XCTestCase {
    func testLossCurveMatchesNumPyReference() throws {
        let reference = try Fixtures.json("lecture_mlp/loss.json")["loss"] as! [Double]
        let (x, y) = (try Fixtures.npy("lecture_mlp/x.npy"), try Fixtures.npy("lecture_mlp/y.npy"))
        let params = try ["w1", "b1", "w2", "b2"].map { name -> Tensor in
            let p = try Fixtures.npy("lecture_mlp/\(name).npy")
            try p.setRequiresGrad(true)
            return p
        }
        let (w1, b1, w2, b2) = (params[0], params[1], params[2], params[3])
        var losses: [Double] = []
        var missesAfterWarmUp = 0, objectsAfterWarmUp = 0, nodesAfterWarmUp = 0
        for step in 0..<500 {
            if step == 10 {  // warm: the recycler has filled its slots (64 tensors, three steps and more)
                (missesAfterWarmUp, objectsAfterWarmUp, nodesAfterWarmUp) = (Memory.freshBuffers, Memory.freshTensorObjects, Memory.freshGraphNodes)
            }
            let h = try Tensor.linear(x, weight: w1, bias: b1).relu()
            let loss = try Tensor.mseLoss(Tensor.linear(h, weight: w2, bias: b2), y, reduction: .sum)
            losses.append(try loss.item())
            try loss.backward()
            try Autograd.noGrad {
                for p in params {
                    try p.addScaled_(XCTUnwrap(p.grad), alpha: -1e-4)
                    p.zeroGrad()
                }
            }
        }
        XCTAssertEqual(Memory.freshBuffers, missesAfterWarmUp, "steady state allocates no tensor buffers")
        XCTAssertEqual(Memory.freshTensorObjects, objectsAfterWarmUp, "nor tensor objects")
        XCTAssertEqual(Memory.freshGraphNodes, nodesAfterWarmUp, "nor graph nodes")
        XCTAssertEqual(losses.count, reference.count)
        var worst = 0.0
        for (step, (mine, theirs)) in zip(losses, reference).enumerated() {
            let relative = Swift.abs(mine - theirs) / theirs
            worst = Swift.max(worst, relative)
            XCTAssertLessThan(relative, 1e-3, "step \(step): \(mine) vs NumPy \(theirs)")
        }
        XCTAssertLessThan(losses[499], losses[0] * 1e-3, "training converged")
        print("lecture MLP: loss \(losses[0]) -> \(losses[499]); worst relative difference from NumPy \(worst)")
    }
}
