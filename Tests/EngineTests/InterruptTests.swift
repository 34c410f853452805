@testable import Engine
import Foundation
import Interruption
import Synchronization
import XCTest

final class InterruptTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        GEMMTiles.above = 1 << 27
        GEMMTiles.perSlice = 1 << 32
        GEMMTiles.narrowest = 256
    }

    func testRequestIsTakenOnce() {
        Interrupt.clear()
        XCTAssertFalse(Interrupt.isRequested)
        Interrupt.request()
        XCTAssertTrue(Interrupt.isRequested)
        XCTAssertTrue(Interrupt.take())
        XCTAssertFalse(Interrupt.take())
    }

    /// A GEMM in slices of k gives the untiled product up to rounding (exactly for integers),
    /// for plain and transposed operands, float32, float64, int64 and the bias GEMM; both match
    /// a float64 reference by plain loops.
    func testSlicedGEMMEqualsTheUntiledOne() throws {
        Random.seed(7)
        let k = 700
        let a = try Tensor.randn([203, k]), b = try Tensor.randn([k, 61])
        let w = try Tensor.randn([61, k]), bias = try Tensor.randn([61])
        let ad = try a.cast(.float64), bd = try b.cast(.float64)
        let ai = try Tensor.randint(-9, 9, [203, k]), bi = try Tensor.randint(-9, 9, [k, 61])
        func products() throws -> [[Double]] {
            try [a.matmul(b), a.matmul(w.transpose(0, 1)), b.transpose(0, 1).matmul(a.transpose(0, 1)),
                 ad.matmul(bd), ai.matmul(bi), Tensor.linear(a, weight: w, bias: bias)].map { try $0.scalars() }
        }
        GEMMTiles.above = .max
        let untiled = try products()
        (GEMMTiles.above, GEMMTiles.perSlice, GEMMTiles.narrowest) = (1, 1, 64)
        XCTAssertEqual(GEMMTiles.depth(m: 203, n: 61, k: k), 64, "11 slices")
        let sliced = try products()
        for (i, (s, u)) in zip(sliced, untiled).enumerated() {
            XCTAssertEqual(s.count, u.count)
            let tolerance = i == 4 ? 0 : (i == 3 ? 1e-11 : 1e-3)
            let worst = zip(s, u).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(worst, tolerance, "product \(i)")
        }
        XCTAssertNotEqual(sliced[0], untiled[0].map { _ in 0 })
        let (x, y) = (try ad.scalars(), try bd.scalars())
        for (i, j) in [(0, 0), (17, 33), (202, 60)] {
            let want = (0..<k).reduce(0.0) { $0 + x[i * k + $1] * y[$1 * 61 + j] }
            XCTAssertEqual(sliced[3][i * 61 + j], want, accuracy: 1e-10)
            XCTAssertEqual(sliced[0][i * 61 + j], want, accuracy: 1e-3)
        }
    }

    /// The lecture's largest GEMM (64x1000x100) runs in one call; large ones in slices of k
    /// that depend on the shape only.
    func testSliceWidths() {
        XCTAssertEqual(GEMMTiles.depth(m: 64, n: 100, k: 1000), 1000)
        XCTAssertEqual(GEMMTiles.depth(m: 2000, n: 2000, k: 2000), 1088)
        XCTAssertEqual(GEMMTiles.depth(m: 4000, n: 4000, k: 4000), 320)
        XCTAssertEqual(GEMMTiles.depth(m: 8000, n: 8000, k: 8000), 256)
        XCTAssertEqual(GEMMTiles.depth(m: 8000, n: 8000, k: 0), 1)
    }

    /// An interrupt during one long GEMM, an element-wise op or a random fill stops it within
    /// a block or chunk, with KeyboardInterrupt, and is taken.
    func testLongOpsStopSoonAfterAnInterrupt() throws {
        let a = try Tensor.randn([3000, 3000]), ones = try Tensor.ones([60_000_000])
        XCTAssertEqual(GEMMTiles.depth(m: 3000, n: 3000, k: 3000), 512, "6 slices of about 50-100 ms here")
        for (name, op) in [("matmul", { _ = try a.matmul(a) }), ("randn", { _ = try Tensor.randn([40_000_000]) }),
                           ("exp", { _ = try ones.exp() }), ("add", { _ = try ones + ones })] as [(String, () throws -> Void)] {
            Interrupt.clear()
            let clock = ContinuousClock()
            let fired = Atomic<Int>(0)
            let interrupter = Thread {
                usleep(100_000)
                Interrupt.request()
                fired.store(1, ordering: .relaxed)
            }
            var start = clock.now
            interrupter.start()
            do {
                try op()
                XCTFail("\(name) ran to the end")
            } catch let e as EngineError {
                XCTAssertEqual(e.kind, "KeyboardInterrupt", name)
            }
            start = start.advanced(by: .milliseconds(100))
            XCTAssertLessThan(clock.now - start, .milliseconds(600), "\(name) stopped long after the interrupt")
            XCTAssertEqual(fired.load(ordering: .relaxed), 1)
            XCTAssertFalse(Interrupt.isRequested, "\(name) took the interrupt")
        }
    }

    /// In-place updates are never left half done.
    func testInPlaceUpdatesRunToTheEnd() throws {
        let t = try Tensor.zeros([300_000], dtype: .float64)
        Interrupt.request()
        try t.scale_(2)
        try t.addScaled_(try Tensor.ones([1], dtype: .float64), alpha: 1)  // broadcast: the element loop
        XCTAssertEqual(try t.sum().item(), 300_000)
        XCTAssertTrue(Interrupt.isRequested)
    }
}
