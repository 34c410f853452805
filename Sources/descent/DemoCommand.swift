import ArgumentParser
import Engine
import Foundation
import Interruption

/// `descent demo`: the main job until the notebooks exist. Trains the lecture's two examples on
/// the engine and prints what happened beside the lecture's numbers.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Train the lecture's examples and print what happened.")

    func run() throws {
        print("Descent \(Descent.version): the lecture's examples on the engine (OpenBLAS core \(BLASCore.name))\n")
        try workedExample()
        print()
        try pytorchExample()
    }

    private func row(_ name: String, _ mine: Double, _ lecture: Double) {
        let mark = Swift.abs(mine - lecture) <= 1e-6 ? "ok" : "DIFFERS"
        print("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(format: "% .6f", mine))   lecture \(String(format: "% .6f", lecture))   \(mark)")
    }

    /// "Backpropagation: computation example": x = [0.2, 0.5], y = [0, 1], ReLU, softmax, cross-entropy, lr 0.5.
    private func workedExample() throws {
        print("Backpropagation: computation example (x = [0.2, 0.5], y = [0, 1], lr 0.5)")
        func param(_ shape: [Int], _ v: [Double]) throws -> Tensor {
            let t = try Tensor(shape: shape, scalars: v, dtype: .float64)
            try t.setRequiresGrad(true)
            return t
        }
        let w1 = try param([2, 2], [0.1, 0.3, 0.6, 0.8]), b1 = try param([2], [0.1, 0.5])
        let w2 = try param([2, 2], [0.5, 0.9, 0.25, 0.15]), b2 = try param([2], [0.5, 0.1])
        let x = try Tensor(shape: [1, 2], scalars: [0.2, 0.5], dtype: .float64)
        let h = try Tensor.linear(x, weight: w1, bias: b1).relu()
        let z = try Tensor.linear(h, weight: w2, bias: b2)
        let yHat = try z.softmax(axis: 1).scalars()
        let loss = try Tensor.crossEntropy(z, Tensor(shape: [1], scalars: [1], dtype: .int64))
        print(" forward")
        row("h2", h.scalars()[1], 1.02)
        row("y_hat1", yHat[0], 0.774256)
        row("y_hat2", yHat[1], 0.225744)
        row("loss", try loss.item(), 1.488353)
        try loss.backward()
        print(" backward (the engine's own backward)")
        row("dl/dw8", try gradient(w2.grad).scalars()[3], -0.789741)
        row("dl/dw1", try gradient(w1.grad).scalars()[0], 0.038713)
        try Autograd.noGrad {
            for p in [w1, b1, w2, b2] { try p.addScaled_(try gradient(p.grad), alpha: -0.5) }
        }
        print(" after one gradient step")
        row("w8", w2.scalars()[3], 0.544871)
        row("w1", w1.scalars()[0], 0.080644)
    }

    /// The lecture's PyTorch example: 64 x 1000 -> 100 -> 10, ReLU, sum of squared errors, SGD lr 1e-4, 500 steps.
    private func pytorchExample() throws {
        print("The lecture's PyTorch example (N, D_in, H, D_out = 64, 1000, 100, 10; 500 steps of SGD, lr 1e-4)")
        Random.seed(0)
        let x = try Tensor.randn([64, 1000]), y = try Tensor.randn([64, 10])
        func linearInit(_ shape: [Int], fanIn: Int) throws -> Tensor {
            let bound = 1 / Double(fanIn).squareRoot()
            let t = try (Tensor.rand(shape) * (2 * bound) - bound).detach()
            try t.setRequiresGrad(true)
            return t
        }
        let params = try [linearInit([100, 1000], fanIn: 1000), linearInit([100], fanIn: 1000),
                          linearInit([10, 100], fanIn: 100), linearInit([10], fanIn: 100)]
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<500 {
            let hidden = try Tensor.linear(x, weight: params[0], bias: params[1]).relu()
            let loss = try Tensor.mseLoss(Tensor.linear(hidden, weight: params[2], bias: params[3]), y, reduction: .sum)
            try loss.backward()
            try Autograd.noGrad {
                for p in params {
                    try p.addScaled_(try gradient(p.grad), alpha: -1e-4)
                    p.zeroGrad()
                }
            }
            if step % 100 == 0 || step == 499 { print("  step \(String(step).padding(toLength: 4, withPad: " ", startingAt: 0)) loss \(try loss.item())") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "  500 steps in %.3f s (%.0f us per step), one BLAS thread per GEMM of this size", seconds, seconds / 500 * 1e6))
    }
}

/// The gradient backward stored, or an error saying it is missing.
private func gradient(_ t: Tensor?) throws -> Tensor {
    guard let t else { throw EngineError(kind: "RuntimeError", message: "demo: a parameter has no gradient after backward") }
    return t
}
