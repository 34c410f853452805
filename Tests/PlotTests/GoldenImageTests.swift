import XCTest
@testable import Plot

/// Compares a rendered figure with a committed PNG, allowing for antialiasing and font
/// rasterization differences between machines. Set PLOT_UPDATE_GOLDEN=1 to rewrite the file
/// after an intended change, then look at it before committing.
final class GoldenImageTests: XCTestCase {
    static func lossCurves() -> Figure {
        let names = ["SGD", "Momentum", "Adam"]
        let lines = names.enumerated().map { i, name in
            LineSeries(label: name, y: (0..<300).map { t in 2 * exp(-Double(t) * 0.008 * Double(i + 1)) + 0.01 },
                       style: i == 2 ? .dashed : .solid)
        }
        let axes = Axes(xLabel: "step", yLabel: "loss", yScale: .log, lines: lines,
                        markers: VerticalMarker.epochs(stepsPerEpoch: 100, totalSteps: 300))
        return Figure(title: "Golden loss curves", content: .axes(axes), width: 480, height: 300)
    }

    func testLossCurvesMatchGoldenImage() throws {
        let url = Fixtures.directory.appendingPathComponent("golden-loss-curves.png")
        let rendered = try Self.lossCurves().render(.png(scale: 1))
        if ProcessInfo.processInfo.environment["PLOT_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.bytes).write(to: url)
        }
        let golden = try XCTUnwrap(Raster(png: [UInt8](Data(contentsOf: url))), "missing or unreadable \(url.path)")
        let current = try XCTUnwrap(Raster(png: rendered.bytes))
        XCTAssertEqual(golden.width, current.width)
        XCTAssertEqual(golden.height, current.height)
        guard golden.pixels.count == current.pixels.count else { return }
        var total = 0.0, different = 0
        for (a, b) in zip(golden.pixels, current.pixels) {
            var worst = 0
            for shift in [0, 8, 16] {
                let d = abs(Int((a >> UInt32(shift)) & 0xFF) - Int((b >> UInt32(shift)) & 0xFF))
                total += Double(d)
                worst = max(worst, d)
            }
            if worst > 48 { different += 1 }
        }
        let meanDifference = total / Double(golden.pixels.count * 3)
        XCTAssertLessThan(meanDifference, 1.5, "mean channel difference")
        XCTAssertLessThan(Double(different) / Double(golden.pixels.count), 0.005, "fraction of clearly different pixels")
    }

    /// A deliberately different figure must fail the same comparison (the test can fail).
    func testComparisonDetectsAChangedSeries() throws {
        var figure = Self.lossCurves()
        if case var .axes(axes) = figure.content {
            axes.lines[0].y = axes.lines[0].y.map { $0 * 3 }
            figure.content = .axes(axes)
        }
        let url = Fixtures.directory.appendingPathComponent("golden-loss-curves.png")
        let golden = try XCTUnwrap(Raster(png: [UInt8](Data(contentsOf: url))))
        let changed = try XCTUnwrap(Raster(png: figure.render(.png(scale: 1)).bytes))
        let different = zip(golden.pixels, changed.pixels).filter { $0 != $1 }.count
        XCTAssertGreaterThan(Double(different) / Double(golden.pixels.count), 0.005)
    }
}
