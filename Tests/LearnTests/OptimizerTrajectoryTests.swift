import Engine
import Interruption
@testable import Learn
import XCTest

/// 100-step trajectories of every rule on a quadratic and on Rosenbrock against the committed
/// NumPy implementation of the lecture's formulas (Tests/Fixtures/learn/optimizer_trajectories.py).
final class OptimizerTrajectoryTests: XCTestCase {
    private struct Problem {
        let name: String
        let start: [Double]
        let runs: [String: [String: Any]]
        let f: ([Tensor]) throws -> Tensor
    }

    private func problems() throws -> [Problem] {
        let fixture = try Fixtures.json("optimizer_trajectories.json")
        func problem(_ name: String, _ f: @escaping ([Tensor]) throws -> Tensor) throws -> Problem {
            let p = try XCTUnwrap(fixture[name] as? [String: Any])
            return Problem(name: name, start: try XCTUnwrap(p["start"] as? [Double]),
                           runs: try XCTUnwrap(p["runs"] as? [String: [String: Any]]), f: f)
        }
        return [try problem("quadratic") { v in try v[0].pow(2) + 10 * v[1].pow(2) },
                try problem("rosenbrock") { v in try TestFunction.rosenbrock(v) }]
    }

    private func recipe(_ name: String, _ s: [String: Double]) throws -> OptimizerRecipe {
        let lr = s["lr"] ?? .nan
        switch name {
        case "sgd": return try .sgd(lr: lr)
        case "momentum": return try .momentum(lr: lr, gamma: s["gamma"] ?? .nan)
        case "nag": return try .nag(lr: lr, gamma: s["gamma"] ?? .nan)
        case "adagrad": return try .adagrad(lr: lr, eps: s["eps"] ?? .nan)
        case "rmsprop": return try .rmsprop(lr: lr, gamma: s["gamma"] ?? .nan, eps: s["eps"] ?? .nan)
        case "adam": return try .adam(lr: lr, beta1: s["beta1"] ?? .nan, beta2: s["beta2"] ?? .nan, eps: s["eps"] ?? .nan)
        case "adabound": return try .adaBound(lr: lr, finalLR: s["final_lr"] ?? .nan, gamma: s["gamma"] ?? .nan)
        default: throw EngineError(kind: "ValueError", message: "unknown optimizer \(name) in the fixture")
        }
    }

    func testHundredStepsMatchNumPy() throws {
        var checked = 0
        for problem in try problems() {
            for (name, run) in problem.runs.sorted(by: { $0.key < $1.key }) {
                let settings = try XCTUnwrap(run["settings"] as? [String: Double])
                let expected = try XCTUnwrap(run[name == "nag" ? "lookahead" : "theta"] as? [[Double]])
                let path = try minimize(problem.f, start: problem.start, optimizer: recipe(name, settings), steps: 100)
                XCTAssertEqual(path.points.count, 101)
                for (t, (got, want)) in zip(path.points, expected).enumerated() {
                    for (g, w) in zip(got, want) {
                        XCTAssertEqual(g, w, accuracy: 1e-9 * Swift.max(1, Swift.abs(w)), "\(problem.name) \(name) step \(t)")
                    }
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 14)
    }

    /// NAG by change of variables equals the lecture's look-ahead form: rebuilding θ from the
    /// evaluated points φ (θ_t = θ_{t−1} − v_t, φ_t = θ_t − γv_t, so v_t = (θ_{t−1} − φ_t)/(1 + γ))
    /// gives NumPy's θ trajectory.
    func testNAGEqualsLookAheadForm() throws {
        for problem in try problems() {
            let run = try XCTUnwrap(problem.runs["nag"])
            let settings = try XCTUnwrap(run["settings"] as? [String: Double])
            let gamma = try XCTUnwrap(settings["gamma"])
            let theta = try XCTUnwrap(run["theta"] as? [[Double]])
            let phi = try minimize(problem.f, start: problem.start, optimizer: recipe("nag", settings), steps: 100).points
            var current = phi[0]
            for t in 1...100 {
                current = zip(current, phi[t]).map { previous, p in previous - (previous - p) / (1 + gamma) }
                for (g, w) in zip(current, theta[t]) {
                    XCTAssertEqual(g, w, accuracy: 1e-9 * Swift.max(1, Swift.abs(w)), "\(problem.name) step \(t)")
                }
            }
        }
    }

    /// The float32 in-place path follows the same quadratic trajectories (to float32 precision).
    func testFloat32ParametersFollowTheSamePath() throws {
        let problem = try problems()[0]
        for (name, run) in problem.runs {
            let settings = try XCTUnwrap(run["settings"] as? [String: Double])
            let expected = try XCTUnwrap(run[name == "nag" ? "lookahead" : "theta"] as? [[Double]])
            let w = try Tensor(shape: [2], scalars: problem.start)
            try w.setRequiresGrad(true)
            let scale = try Tensor(shape: [2], scalars: [1, 10])
            let opt = try Optimizer([w], recipe(name, settings))
            for t in 1...100 {
                opt.zeroGrad()
                try (w.pow(2) * scale).sum().backward()
                try opt.step()
                for (g, e) in zip(w.scalars(), expected[t]) {
                    XCTAssertEqual(g, e, accuracy: 1e-4, "\(name) step \(t)")
                }
            }
        }
    }
}
