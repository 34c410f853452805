import Foundation
import Synchronization
import XCTest
@testable import Engine

final class InterruptTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        GEMMTiles.above = 1 << 27
        GEMMTiles.seconds = 0.04
    }

    func testRequestIsTakenOnce() {
        Interrupt.clear()
        XCTAssertFalse(Interrupt.isRequested)
        Interrupt.request()
        XCTAssertTrue(Interrupt.isRequested)
        XCTAssertTrue(Interrupt.take())
        XCTAssertFalse(Interrupt.take())
    }

    /// Row blocks give exactly the untiled product: each element of c is the same kernel's dot
    /// product over the same k. Covers transposed operands, float64, int64 and the bias GEMM.
    func testTiledGEMMEqualsTheUntiledOne() throws {
        Random.seed(7)
        let a = try Tensor.randn([203, 97]), b = try Tensor.randn([97, 61])
        let w = try Tensor.randn([61, 97]), bias = try Tensor.randn([61])
        let ad = try a.cast(.float64), bd = try b.cast(.float64)
        let ai = try Tensor.randint(-9, 9, [203, 97]), bi = try Tensor.randint(-9, 9, [97, 61])
        func products() throws -> [[Double]] {
            try [(a.matmul(b)), a.matmul(w.transpose(0, 1)), w.transpose(0, 1).transpose(0, 1).matmul(a.transpose(0, 1)),
                 ad.matmul(bd), ai.matmul(bi), Tensor.linear(a, weight: w, bias: bias)].map { try $0.scalars() }
        }
        GEMMTiles.above = .max
        let untiled = try products()
        GEMMTiles.above = 1
        GEMMTiles.seconds = 0  // every block is the smallest: 16 rows, 13 blocks for 203 rows
        XCTAssertEqual(GEMMTiles.rows(perRow: 97 * 61, secondsPerRow: 1e-3), 16)
        let tiled = try products()
        XCTAssertEqual(tiled, untiled)
        // And the untiled product is right: a float64 reference by plain loops.
        let (x, y) = (try ad.scalars(), try bd.scalars())
        for (i, j) in [(0, 0), (17, 33), (202, 60)] {
            let want = (0..<97).reduce(0.0) { $0 + x[i * 97 + $1] * y[$1 * 61 + j] }
            XCTAssertEqual(tiled[3][i * 61 + j], want, accuracy: 1e-12)
        }
    }

    /// The lecture's largest GEMM (64x1000x100) runs in one call; an 8000² one in blocks.
    func testSmallGEMMsAreNotTiled() {
        XCTAssertLessThan(64 * 1000 * 100, GEMMTiles.above)
        XCTAssertGreaterThan(8000 * 8000 * 8000, GEMMTiles.above)
        XCTAssertEqual(GEMMTiles.rows(perRow: 8000 * 8000, secondsPerRow: nil), 16)
        XCTAssertEqual(GEMMTiles.rows(perRow: 8000 * 8000, secondsPerRow: 0.001), 32)
    }

    /// An interrupt during one long GEMM, an element-wise op or a random fill stops it within
    /// a block or chunk, with KeyboardInterrupt, and is taken.
    func testLongOpsStopSoonAfterAnInterrupt() throws {
        let a = try Tensor.randn([1500, 1500]), ones = try Tensor.ones([60_000_000])
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
