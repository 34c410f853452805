import XCTest
@testable import Plot

final class SmoothingTests: XCTestCase {
    func testMatchesTensorBoardDebiasedAverage() throws {
        let fixture = try XCTUnwrap(Fixtures.jsonValue("smoothing.json") as? [String: Any])
        let raw = try XCTUnwrap(fixture["raw"] as? [Any]).map(Fixtures.double)
        let expected = try XCTUnwrap(fixture["smoothed"] as? [Any]).map(Fixtures.double)
        let weight = Fixtures.double(fixture["weight"]!)
        let got = smoothed(raw, weight: weight)
        XCTAssertEqual(got.count, expected.count)
        for (g, e) in zip(got, expected) {
            if e.isFinite { XCTAssertEqual(g, e, accuracy: 1e-12) } else { XCTAssertEqual(g.isNaN, e.isNaN) }
        }
    }

    func testFirstValueIsUnbiasedByHand() {
        // w = 0.5: s1 = 0.5*1 = 0.5, debiased 0.5/0.5 = 1; s2 = 0.25 + 1 = 1.25, /0.75 = 5/3.
        let got = smoothed([1, 2], weight: 0.5)
        XCTAssertEqual(got[0], 1, accuracy: 1e-15)
        XCTAssertEqual(got[1], 5.0 / 3.0, accuracy: 1e-15)
    }

    func testZeroWeightReturnsInput() {
        XCTAssertEqual(smoothed([3, 1, 2], weight: 0), [3, 1, 2])
    }
}
