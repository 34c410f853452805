import XCTest
@testable import Plot

final class DataReductionTests: XCTestCase {
    func testMillionPointsAreDecimatedKeepingExtremes() {
        let n = 1_000_000
        var values = (0..<n).map { sin(Double($0) / 5000) }
        values[123_456] = 50
        values[654_321] = -50
        let line = values.withUnsafeBufferPointer { ys in
            ScreenPolyline(count: n, pixelsPerPoint: 2, point: Double.init, value: { ys[$0] },
                           projectX: { $0 / Double(n) * 500 }, projectY: { 100 - $0 }, plotWidth: 500)
        }
        XCTAssertLessThanOrEqual(line.xs.count, 4 * 1000 + 4)
        XCTAssertEqual(line.ys.max(), 150, "the negative spike survives")
        XCTAssertEqual(line.ys.min(), 50, "the positive spike survives")
    }

    func testGapsBreakTheLine() {
        let values: [Double] = [1, 2, .nan, 3, .infinity, 4, 5]
        let line = ScreenPolyline(count: values.count, pixelsPerPoint: 2, point: Double.init, value: { values[$0] },
                                  projectX: { $0 }, projectY: { $0 }, plotWidth: 500)
        XCTAssertEqual(line.ys.filter(\.isNaN).count, 2)
        XCTAssertEqual(line.ys.filter(\.isFinite), [1, 2, 3, 4, 5])
    }

    func testMarchingSquaresTracesACircle() {
        let n = 81
        let xs = (0..<n).map { -2 + 4 * Double($0) / Double(n - 1) }
        var values: [Double] = []
        for y in xs { for x in xs { values.append(x * x + y * y) } }
        let segments = MarchingSquares.segments(values: values, columns: n, rows: n, levels: [1])
        XCTAssertGreaterThan(segments.count, 50)
        for (c0, r0, _, _) in segments {
            let x = -2 + 4 * c0 / Double(n - 1), y = -2 + 4 * r0 / Double(n - 1)
            XCTAssertEqual(hypot(x, y), 1, accuracy: 0.01)
        }
    }

    func testLogLevelsCrowdNearTheMinimum() throws {
        let field = try ContourField(x: -2...2, y: -1...3, resolution: 100, levels: .logarithmic(10)) { x, y in
            (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        }
        let levels = field.levelValues()
        XCTAssertEqual(levels.count, 10)
        let ratios = zip(levels.dropFirst(), levels).map { $0 / $1 }
        for r in ratios.dropFirst() { XCTAssertEqual(r, ratios[1], accuracy: 0.05 * ratios[1]) }
    }
}
