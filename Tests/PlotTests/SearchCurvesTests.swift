import XCTest
@testable import Plot

/// The live search display's figure: the best so far as a step line, the trials as dots.
final class SearchCurvesTests: XCTestCase {
    func testBestSoFarIsAStepLineThroughTheTrials() throws {
        let axes = SearchCurves.axes(scores: [0.9, 0.5, 0.7, 0.2], bestSoFar: [0.9, 0.5, 0.5, 0.2])
        let line = try XCTUnwrap(axes.lines.first)
        XCTAssertEqual(line.x, [1, 2, 2, 3, 3, 4, 4])
        XCTAssertEqual(line.y, [0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.2])
        XCTAssertEqual(axes.scatter.first?.y, [0.9, 0.5, 0.7, 0.2])
        XCTAssertEqual(axes.legend, .none)
        let png = try Figure(content: .axes(axes), width: 360, height: 150).render(.png(scale: 2))
        XCTAssertEqual(png.pixelWidth, 720)
        // Kept where a person can look at it.
        try Data(png.bytes).write(to: FileManager.default.temporaryDirectory.appendingPathComponent("search-curves.png"))
    }
}
