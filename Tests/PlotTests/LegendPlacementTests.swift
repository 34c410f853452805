import XCTest
@testable import Plot

final class LegendPlacementTests: XCTestCase {
    private let plot = Rect(x: 0, y: 0, width: 400, height: 300)
    private let legend = Legend(entries: [.init(label: "a curve", color: .black, symbol: .line(.solid))])

    /// A segment through a box with both ends outside it still crosses it; one that passes by does not.
    func testASegmentCrossingTheBoxCountsWithoutAVertexInside() {
        let box = Rect(x: 10, y: 10, width: 20, height: 10)
        XCTAssertTrue(Legend.crosses(box, 0, 15, 100, 15))
        XCTAssertTrue(Legend.crosses(box, 0, 0, 40, 30), "the diagonal through (20, 15)")
        XCTAssertFalse(Legend.crosses(box, 0, 30, 40, 25), "passes below")
        XCTAssertFalse(Legend.crosses(box, 0, 0, 40, -10))
        XCTAssertTrue(Legend.crosses(box, 15, 12, 16, 13), "wholly inside")
    }

    /// One straight segment across the top, its ends outside both upper corner boxes, has no vertex
    /// in either, yet would be hidden by both: the legend goes to the lower left (the next in order).
    func testBestAvoidsACornerThatALongSegmentCrosses() throws {
        let canvas = try XCTUnwrap(Canvas.measuring())
        let diagonal = Legend.Obstacles(segments: [(0, 20, 400, 20)], points: [])
        guard case .inside(let box) = legend.place(canvas, in: plot, placement: .best, obstacles: diagonal) else {
            return XCTFail("a free corner exists")
        }
        XCTAssertEqual(box.minX, 8, "\(box)")
        XCTAssertGreaterThan(box.minY, 150, "lower left is the free corner: \(box)")
    }

    /// Both diagonals and nothing else free: every corner is taken, the legend goes outside.
    func testEveryCornerTakenPlacesTheLegendOutside() throws {
        let canvas = try XCTUnwrap(Canvas.measuring())
        let cross = Legend.Obstacles(segments: [(0, 0, 400, 300), (0, 300, 400, 0)], points: [])
        XCTAssertEqual(legend.place(canvas, in: plot, placement: .best, obstacles: cross), .outside)
        XCTAssertEqual(legend.place(canvas, in: plot, placement: .best, obstacles: .init()),
                       .inside(Rect(x: 400 - 8 - legend.extent(canvas).width, y: 8,
                                    width: legend.extent(canvas).width, height: legend.extent(canvas).height)),
                       "nothing drawn: the upper right, first of the corners")
        if case .inside = legend.place(canvas, in: plot, placement: .upperLeft, obstacles: cross) {} else {
            XCTFail("an asked-for corner is kept")
        }
    }

    /// A run still training has a partial epoch: 25 steps at 10 a step per epoch put the two
    /// finished epochs' validation points at steps 10 and 20, not at 25 / 2 per epoch.
    func testValidationPointsSitAtTheStepsThatEndTheirEpochs() {
        let run = RunCurve(name: "loss", trainLoss: Array(repeating: 1, count: 25), validationLoss: [0.5, 0.4], stepsPerEpoch: 10)
        let (lines, _) = LossCurves.lines([run], smoothing: nil)
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[1].x, [10, 20])
    }
}
