import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Optimizers by hand and as recipes, against first steps worked out from the lecture's
/// formulas on L(w) = w², w = 1 (gradient 2), η = 0.1.
final class BindingsOptimizerTests: XCTestCase {
    /// w after `steps` steps of `make` (a Descent expression taking the parameter list).
    private func descend(_ make: String, steps: Int = 1) -> Double {
        let h = Harness()
        h.eval("""
        w = tensor([1.0], requires_grad=True)
        opt = \(make)
        for _ in range(\(steps)):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
        """)
        return h.number("w[0].item()")
    }

    func testSGD() {
        XCTAssertEqual(descend("SGD([w], lr=0.1)"), 0.8, accuracy: 1e-6)  // 1 − 0.1·2
        XCTAssertEqual(descend("SGD([w], 0.1)", steps: 2), 0.64, accuracy: 1e-6)  // 0.8 − 0.1·1.6
    }

    func testMomentum() {
        // v = 0.2, w = 0.8; v = 0.9·0.2 + 0.1·1.6 = 0.34, w = 0.46.
        XCTAssertEqual(descend("Momentum([w], lr=0.1)", steps: 2), 0.46, accuracy: 1e-6)
        XCTAssertEqual(descend("Momentum([w], lr=0.1, gamma=0.5)", steps: 2), 0.8 - (0.1 + 0.16), accuracy: 1e-6)
    }

    func testNAG() {
        // Look-ahead form: v' = 0.1·2 = 0.2, φ ← φ − γv' − η∇ = 1 − 0.18 − 0.2.
        XCTAssertEqual(descend("NAG([w], lr=0.1)"), 0.62, accuracy: 1e-6)
    }

    func testAdagrad() {
        // g = 4, w = 1 − 0.1·2/(2 + ε).
        XCTAssertEqual(descend("Adagrad([w], lr=0.1)"), 0.9, accuracy: 1e-6)
    }

    func testRMSprop() {
        // g = 0.1·4 = 0.4, w = 1 − 0.1·2/√0.4.
        XCTAssertEqual(descend("RMSprop([w], lr=0.1)"), 1 - 0.2 / 0.4.squareRoot(), accuracy: 1e-6)
    }

    func testAdam() {
        // m̂ = 2, ĝ = 4 after bias correction: w = 1 − 0.1·2/2.
        XCTAssertEqual(descend("Adam([w], lr=0.1)"), 0.9, accuracy: 1e-6)
    }

    func testAdaBound() {
        // rate = 0.1·√0.001/0.1 / √(0.001·4) = 0.5, within [1e-4, 100.1]; m = 0.2; w = 1 − 0.1.
        XCTAssertEqual(descend("AdaBound([w], lr=0.1)"), 0.9, accuracy: 1e-6)
    }

    func testLearningRateIsSettableAndRecipesHaveNoParameters() {
        let h = Harness()
        h.eval("w = tensor([1.0], requires_grad=True)\nopt = SGD([w], lr=0.1)\nopt.lr = 0.25")
        h.eval("(w * w).sum().backward()\nopt.step()")
        XCTAssertEqual(h.number("w[0].item()"), 0.5, accuracy: 1e-6)
        XCTAssertEqual(h.eval("opt.lr"), "0.25")
        XCTAssertEqual(h.eval("opt.steps"), "1")
        XCTAssertEqual(h.eval("Adam(lr=0.01)"), "Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)")
        XCTAssertEqual(h.eval("RMSprop(lr=0.1).gamma"), "0.9")
        let recipe = h.failure("Adam(lr=0.01).step()")
        XCTAssertEqual(recipe.name, "TypeError")
        XCTAssertTrue(recipe.value.contains("no parameters"), recipe.value)
        XCTAssertTrue(h.failure("SGD([w])").value.contains("lr"))
        XCTAssertEqual(h.failure("SGD([w], lr=-1)").name, "ValueError")
        XCTAssertEqual(h.failure("opt.lr = 0").name, "ValueError")
        XCTAssertEqual(h.number("w[0].item()"), 0.5, accuracy: 1e-6)
    }

    func testOptimizerTakesANetworksParameters() {
        let h = Harness()
        h.eval("net = Linear(2, 1)\nopt = Adam(net.parameters(), lr=0.01)")
        XCTAssertEqual(h.eval("len(opt.params)"), "2")
        XCTAssertTrue(h.eval("opt")?.hasPrefix("Adam(lr=0.01") ?? false)
    }

    /// Schedules scale the learning rate per epoch: η₀·f^⌊e/k⌋, η₀·e^(−r·e), η₀/(1 + r·e).
    func testSchedules() {
        let h = Harness()
        h.eval("data = linear_regression(n=8, seed=1)\nnet = Linear(1, 1)")
        let lrs = { (schedule: String) -> String? in
            h.eval("fit(net, data, optimizer=SGD(lr=0.1), epochs=4, batch_size=None, schedule=\(schedule)).lr")
        }
        XCTAssertEqual(lrs("step_decay(2, 0.5)"), "[0.1, 0.1, 0.05, 0.05]")
        XCTAssertEqual(lrs("inverse_time(1.0)"), "[0.1, 0.05, \(formatFloat(0.1 / 3)), 0.025]")
        let exp = h.eval("fit(net, data, optimizer=SGD(lr=0.1), epochs=3, batch_size=None, schedule=exp_decay(0.5)).lr[2]")
        XCTAssertEqual(Double(exp ?? "") ?? 0, 0.1 * Foundation.exp(-1.0), accuracy: 1e-12)
        XCTAssertEqual(h.eval("step_decay(every=3, factor=0.1)"), "step_decay(every=3, factor=0.1)")
        XCTAssertEqual(h.failure("step_decay(0, 0.5)").name, "ValueError")
        XCTAssertEqual(h.failure("exp_decay(-1)").name, "ValueError")
    }
}
