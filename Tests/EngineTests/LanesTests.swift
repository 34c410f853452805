import CKernels
import XCTest
@testable import Engine

/// The SIMD16 path of the update rules against the one-float path
/// (debug builds run only the latter by default).
final class LanesTests: XCTestCase {
    private let n = 37 // two whole vectors and a tail of 5

    private func values(_ seed: Int) -> [Float] {
        (0..<n).map { i in Float(sin(Double(i * 7 + seed)) * 1.5) }
    }

    func testEveryRuleGivesTheSameStepsInLanes() throws {
        let rules: [OptimizerRule] = [.sgd, .momentum(gamma: 0.9), .nag(gamma: 0.9), .adagrad(eps: 1e-8),
                                             .rmsprop(gamma: 0.9, eps: 1e-8), .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8),
                                             .adaBound(finalLR: 0.1, gamma: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8)]
        for rule in rules {
            let update = UpdateRule(rule: rule, baseLR: 0.05)
            var results: [[Float]] = []
            for vectors in [false, true] {
                var param = values(1), state = [Float](repeating: 0, count: 2 * n)
                for t in 1...3 {
                    let grad = values(t * 10)
                    param.withUnsafeMutableBufferPointer { p in
                        grad.withUnsafeBufferPointer { g in
                            state.withUnsafeMutableBufferPointer { s in
                                update.apply(param: p.baseAddress!, grad: g.baseAddress!, state: s.baseAddress!,
                                             count: n, t: t, lr: 0.05, vectors: vectors)
                            }
                        }
                    }
                }
                results.append(param)
            }
            XCTAssertEqual(results[0], results[1], "\(rule)")
            XCTAssertNotEqual(results[0], values(1), "\(rule) moved")
        }
    }

    func testLaneOperations() {
        let x = SIMD16<Float>((0..<16).map { Float($0) - 8 })
        let limited = x.limited(SIMD16(repeating: -2), SIMD16(repeating: 3))
        XCTAssertEqual((0..<16).map { limited[$0] }, (0..<16).map { Swift.min(Swift.max(Float($0) - 8, -2), 3) })
        XCTAssertEqual(Float(2).limited(3, 4), 3)
    }

    /// ReLU in lanes against the rule itself, x > 0 ? x : 0 (NaN and -0 to +0), out of place and
    /// in place, on a length with a tail.
    func testReLUInLanesFollowsTheRuleOnEveryKindOfValue() {
        let special: [Float] = [.nan, -0.0, 0.0, -.infinity, .infinity, -.leastNonzeroMagnitude, .leastNonzeroMagnitude, -2, 3]
        let x = (0..<n).map { special[$0 % special.count] * ($0 % 2 == 0 ? 1 : 1.5) }
        let expected = x.map { $0 > 0 ? $0 : 0 }
        func bits(_ v: [Float]) -> [UInt32] { v.map(\.bitPattern) }
        for vectors in [false, true] {
            var out = [Float](repeating: 7, count: n)
            x.withUnsafeBufferPointer { xb in
                out.withUnsafeMutableBufferPointer { Kernels.relu(xb.baseAddress!, $0.baseAddress!, n, vectors: vectors) }
            }
            XCTAssertEqual(bits(out), bits(expected), "vectors: \(vectors)")
            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer { Kernels.relu(UnsafePointer($0.baseAddress!), $0.baseAddress!, n, vectors: vectors) }
            XCTAssertEqual(bits(inPlace), bits(expected), "in place, vectors: \(vectors)")
        }
    }

    /// SGD's step in C (the vector path, at the CPU's widest vectors) against the rule written
    /// out here, p - Float(lr) * g with the product rounded first, bit for bit: on every kind of
    /// value, on lengths with every tail, and in place (the gradient the parameter itself). A
    /// fused multiply-add would round once and fail it.
    /// The step `UpdateRule` chooses, and every width of it this CPU can run, on every kind of
    /// value, every tail length and in place.
    func testSGDStepInCFollowsTheRuleBitForBit() {
        let sgd = UpdateRule(rule: .sgd, baseLR: 0.1)
        assertFollowsTheRule("UpdateRule") { p, g, n, lr in
            sgd.apply(param: p, grad: g, state: p, count: n, t: 1, lr: lr, vectors: true)
        }
        var widths = 0
        for bits: Int32 in [512, 256, 128] {
            guard let step = descent_sgd_step_f32_variant(bits) else { continue }
            widths += 1
            assertFollowsTheRule("\(bits)-bit vectors") { p, g, n, lr in step(p, g, Float(lr), n) }
        }
        XCTAssertGreaterThan(widths, 0, "every CPU runs the baseline width")
        XCTAssertNil(descent_sgd_step_f32_variant(64))
    }

    private func assertFollowsTheRule(
        _ label: String,
        _ step: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int, Double) -> Void
    ) {
        let special: [Float] = [.nan, -0.0, 0.0, -.infinity, .infinity, -.leastNonzeroMagnitude, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 1e-30, -2, 3]
        func bits(_ v: [Float]) -> [UInt32] { v.map(\.bitPattern) }
        for n in Array(0...40) + [1003] {
            // Values whose products round: 1/3 and its neighbours, then the special ones.
            let p0 = (0..<n).map { i in i % 5 == 4 ? special[i % special.count] : Float(i + 1) / 3 }
            let g = (0..<n).map { i in i % 7 == 6 ? special[(i + 3) % special.count] : Float(2 * i + 1) / 7 }
            for lr in [0.1, 1e-4, -3.0] {
                let expected = zip(p0, g).map { p, g in p - Float(lr) * g }
                var p = p0
                p.withUnsafeMutableBufferPointer { pb in
                    g.withUnsafeBufferPointer { gb in step(pb.baseAddress!, gb.baseAddress!, n, lr) }
                }
                XCTAssertEqual(bits(p), bits(expected), "\(label), n \(n), lr \(lr)")
                var same = p0
                same.withUnsafeMutableBufferPointer { pb in step(pb.baseAddress!, UnsafePointer(pb.baseAddress!), n, lr) }
                XCTAssertEqual(bits(same), bits(p0.map { $0 - Float(lr) * $0 }), "\(label), in place, n \(n), lr \(lr)")
            }
        }
    }
}
