import CKernels
import Foundation
import XCTest
@testable import Engine

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

    /// A float32 `randn` is the stream's normals rounded to float, bit for bit, though its C
    /// kernel takes logarithms and cosines four at a time through libmvec.
    func testFloat32RandnIsTheStreamsNormals() throws {
        for (seed, n) in [(0, 200_003), (42, 1), (7, 259), (12_345, 65_536 + 300)] {
            Random.seed(UInt64(seed))
            let t = try Tensor.randn([n])
            Random.seed(UInt64(seed))
            let expected = (0..<n).map { _ in Float(Random.normal()).bitPattern }
            XCTAssertEqual(t.scalars().map { Float($0).bitPattern }, expected, "seed \(seed), \(n) values")
        }
    }

    /// The four-lane bulk draw gives the pairs one-at-a-time draws give, and leaves the stream
    /// where they would.
    func testUniformPairsAreTheStreamsPairs() {
        for (seed, count) in [(0, 0), (1, 1), (42, 3), (7, 256), (99, 1001)] {
            var bulk = Random.PCG32(seed: UInt64(seed)), single = bulk
            var u1 = [Double](repeating: .nan, count: count), u2 = u1
            u1.withUnsafeMutableBufferPointer { a in
                u2.withUnsafeMutableBufferPointer { b in
                    if count > 0 { bulk.uniformPairs(a.baseAddress!, b.baseAddress!, count: count) }
                }
            }
            for k in 0..<count {
                XCTAssertEqual(u1[k], single.uniform(), "seed \(seed), pair \(k), first")
                XCTAssertEqual(u2[k], single.uniform(), "seed \(seed), pair \(k), second")
            }
            XCTAssertEqual((0..<5).map { _ in bulk.next() }, (0..<5).map { _ in single.next() }, "seed \(seed): after the pairs")
        }
    }

    /// The uniforms where the vector results cannot decide the float (a factor near zero, and
    /// the extremes) give the scalar libm's float too.
    func testBoxMullerKernelAtTheEdges() {
        let u1s: [Double] = [0, 0x1p-53, 0x1p-11, 0x1p-10, 0.5, 1 - 0x1p-53, 0.999]
        let u2s: [Double] = [0, 0x1p-53, 0.25 - 0x1p-53, 0.25, 0.25 + 0x1p-53, 0.5, 0.75, 0.75 + 0x1p-50, 1 - 0x1p-53]
        let pairs = u1s.flatMap { a in u2s.map { (a, $0) } }
        let (u1, u2) = (pairs.map(\.0), pairs.map(\.1))
        var out = [Float](repeating: .nan, count: pairs.count)
        descent_box_muller_f32(u1, u2, &out, pairs.count)
        for (i, (a, b)) in pairs.enumerated() {
            let expected = Float((-2 * log(1 - a)).squareRoot() * cos(2 * Double.pi * b))
            XCTAssertEqual(out[i].bitPattern, expected.bitPattern, "u1 \(a), u2 \(b)")
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
