import Foundation
import XCTest
@testable import Engine

/// Grad mode and the random stream are per thread: two threads that seed, initialize and train
/// at the same time get bit for bit what each gets alone.
final class ConcurrentTrainingTests: XCTestCase {
    /// Seeds this thread's stream, draws data and weights, and takes 200 SGD steps (recording
    /// forward, `noGrad` updates); returns the final weights and loss.
    private static func train(seed: UInt64) throws -> [Double] {
        Random.seed(seed)
        let x = try Tensor.randn([32, 20]), y = try Tensor.randn([32, 5])
        let w1 = try (Tensor.randn([16, 20]) * 0.1).detach(), w2 = try (Tensor.randn([5, 16]) * 0.1).detach()
        for w in [w1, w2] { try w.setRequiresGrad(true) }
        var loss = 0.0
        for _ in 0..<200 {
            // A draw inside the loop: the other thread's draws must not interleave with these.
            let noise = try Tensor.randn([32, 20]) * 0.01
            let h = try Tensor.linear(x + noise, weight: w1, bias: nil).relu()
            let l = try Tensor.mseLoss(Tensor.linear(h, weight: w2, bias: nil), y)
            try l.backward()
            try Autograd.noGrad {
                for w in [w1, w2] {
                    try w.addScaled_(XCTUnwrap(w.grad), alpha: -0.05)
                    w.zeroGrad()
                }
            }
            loss = try l.item()
        }
        return w1.scalars() + w2.scalars() + [loss]
    }

    func testTwoThreadsTrainAsEachDoesAlone() throws {
        let alone = try [1, 2].map { try Self.train(seed: $0) }
        XCTAssertNotEqual(alone[0], alone[1], "different seeds train differently")
        let results = Results()
        let done = DispatchGroup()
        for (i, seed) in [UInt64(1), 2].enumerated() {
            done.enter()
            let thread = Thread {
                results.set(i, Result { try Self.train(seed: seed) })
                done.leave()
            }
            thread.start()
        }
        // Meanwhile this thread stays inside noGrad: the workers must still record their graphs.
        try Autograd.noGrad {
            XCTAssertEqual(done.wait(timeout: .now() + 120), .success)
        }
        XCTAssertTrue(Autograd.isEnabled)
        for i in 0..<2 {
            XCTAssertEqual(try XCTUnwrap(results.get(i)).get(), alone[i], "thread \(i) trains as it does alone")
        }
    }
}

/// The workers' results, written from their threads under a lock.
private final class Results: @unchecked Sendable {
    // @unchecked: `values` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var values: [Int: Result<[Double], Error>] = [:]
    func set(_ i: Int, _ r: Result<[Double], Error>) { lock.withLock { values[i] = r } }
    func get(_ i: Int) -> Result<[Double], Error>? { lock.withLock { values[i] } }
}
