import XCTest
import Engine

/// The generator against an independent Python implementation of the same PCG32 stream.
final class RandomTests: XCTestCase {
    func testStreamMatchesReferenceImplementation() throws {
        let reference = try Fixtures.json("pcg32.json")
        Random.seed(42)
        XCTAssertEqual((0..<6).map { _ in Random.next32() }, (reference["raw"] as! [NSNumber]).map(\.uint32Value))
        for u in reference["uniform_times_2_53"] as! [NSNumber] { XCTAssertEqual(Random.uniform() * 0x1p53, Double(u.int64Value)) }
        for n in reference["normal"] as! [Double] { XCTAssertEqual(Random.normal(), n, accuracy: 1e-15) }
    }

    /// `uniform` (Linear's initialisation) draws the stream's uniforms in order, in bulk, and
    /// maps each u to (2u − 1)·bound before rounding to the dtype.
    func testUniformTensorMapsTheReferenceStream() throws {
        let reference = try Fixtures.json("pcg32.json")
        let us = (reference["uniform_times_2_53"] as! [NSNumber]).map { Double($0.int64Value) * 0x1p-53 }
        for dtype in [DType.float32, .float64] {
            Random.seed(42)
            for _ in 0..<6 { _ = Random.next32() }
            let t = try Tensor.uniform([2, 2], bound: 0.3, dtype: dtype)
            XCTAssertEqual(t.shape, [2, 2])
            let expected = us.map { (2 * $0 - 1) * 0.3 }
            XCTAssertEqual(t.scalars(), dtype == .float32 ? expected.map { Double(Float($0)) } : expected)
        }
    }

    func testSameSeedSameTensorsAndSensibleDistributions() throws {
        Random.seed(3)
        let a = try Tensor.randn([10_000])
        Random.seed(3)
        XCTAssertEqual(try Tensor.randn([10_000]).scalars(), a.scalars())
        XCTAssertEqual(try a.mean().item(), 0, accuracy: 0.05)
        XCTAssertEqual(try a.pow(2).mean().item(), 1, accuracy: 0.05)
        let ints = try Tensor.randint(2, 5, [1000]).scalars()
        XCTAssertEqual(Set(ints), [2, 3, 4])
        XCTAssertEqual(Random.permutation(10).sorted(), Array(0..<10))
    }
}
