import Dispatch
import Foundation
import Interruption
import XCTest
@testable import Plot

/// A render whose background comes from a `BackgroundCache` is the same PNG, byte for byte, as
/// one drawn whole; the cache finds a background only for the exact same inputs, stays within
/// its budget, is safe to share between threads, and keeps nothing an interrupt cut short.
final class BackgroundCacheTests: XCTestCase {
    override func tearDown() { Interrupt.clear() }

    /// x² + 50y² on the lecture's window, 120 x 120 samples as `contour()` takes them.
    private func ravine(levels: ContourField.Levels = .logarithmic(14), bump: Int? = nil) throws -> ContourField {
        var field = try ContourField(x: -3...3, y: -2...2, resolution: 120, levels: levels) { x, y in x * x + 50 * y * y }
        if let bump { field.values[bump] = field.values[bump].nextUp }
        return field
    }

    /// Momentum on the ravine from (-2, 1): the zigzag a γ slider moves.
    private func momentum(gamma: Double, lr: Double = 0.01, steps: Int = 100, label: String? = nil) -> Trajectory {
        var (x, y, vx, vy) = (-2.0, 1.0, 0.0, 0.0)
        var xs = [x], ys = [y]
        for _ in 0..<steps {
            vx = gamma * vx - lr * 2 * x
            vy = gamma * vy - lr * 100 * y
            x += vx
            y += vy
            xs.append(x)
            ys.append(y)
        }
        return Trajectory(label: label, x: xs, y: ys)
    }

    private func contourFigure(_ field: ContourField, paths: [Trajectory], title: String? = "ravine",
                               legend: Axes.LegendPlacement = .best, grid: Bool = false) -> Figure {
        Figure(title: title, content: .axes(Axes(xLabel: "x", yLabel: "y", xLimits: -3...3, yLimits: -2...2, paths: paths,
                                                 contour: field, legend: legend, grid: grid)),
               width: 640, height: 480)
    }

    /// Renders each figure without a cache and then through `cache`, in order, and checks the two agree.
    private func assertSameAsUncached(_ figures: [Figure], cache: BackgroundCache, scale: Double = 2,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        for (index, figure) in figures.enumerated() {
            let plain = try figure.renderPNG(scale: scale, backgrounds: nil).bytes
            let cached = try figure.renderPNG(scale: scale, backgrounds: cache).bytes
            XCTAssertEqual(plain.count, cached.count, "figure \(index): PNG sizes differ", file: file, line: line)
            XCTAssertTrue(plain == cached, "figure \(index): the PNG with a cached background differs", file: file, line: line)
        }
    }

    func testPathsMovedOverAContourMatchAWholeRender() throws {
        let field = try ravine()
        let cache = BackgroundCache()
        // The slider's case: the path changes, the contour does not. One miss, then hits.
        let figures = [0.9, 0.5, 0.97, 0.9].map { contourFigure(field, paths: [momentum(gamma: $0)]) }
        try assertSameAsUncached(figures, cache: cache)
        XCTAssertEqual(cache.hits, 3, "the later renders must take the stored background")
        // At 1x too (another pixel size: a background of its own).
        try assertSameAsUncached(figures.prefix(2).map { $0 }, cache: cache, scale: 1)
        XCTAssertEqual(cache.hits, 4)
    }

    func testPathsUnderTheLegendAndPastThePlotsEdgesMatchAWholeRender() throws {
        let field = try ravine(levels: .explicit([1, 5, 20, 60, 120, 200]))
        let cache = BackgroundCache()
        // Labelled paths, a legend in the upper right drawn over the one that runs beneath it and
        // leaves the plot across its top and right edges, under the axes' lines; a grid beneath.
        let wide = Trajectory(label: "through the legend", x: [-2.5, 2.9, 2.0, 3.5], y: [-1.5, 1.9, 1.5, 2.5])
        let figures = [
            contourFigure(field, paths: [momentum(gamma: 0.9, label: "Momentum"), wide], legend: .upperRight, grid: true),
            contourFigure(field, paths: [momentum(gamma: 0.2, lr: 0.0199, label: "Momentum"), wide], legend: .upperRight, grid: true),
            contourFigure(field, paths: [momentum(gamma: 0.6, label: "Momentum"), wide], legend: .upperRight, grid: true),
        ]
        try assertSameAsUncached(figures, cache: cache)
        XCTAssertEqual(cache.hits, 2)
    }

    func testALegendMovedOutsideTheContourMatchesAWholeRender() throws {
        let field = try ravine()
        let cache = BackgroundCache()
        // A path through all four corners leaves no room inside: the legend goes right of the
        // colour bar and the plot narrows (another background); one with a free corner keeps it inside.
        let corners = Trajectory(label: "corners", x: [-2.9, 2.9, 2.9, -2.9, -2.9], y: [1.9, 1.9, -1.9, -1.9, 1.9])
        let figures = [
            contourFigure(field, paths: [corners, momentum(gamma: 0.9, label: "Momentum")]),
            contourFigure(field, paths: [momentum(gamma: 0.9, label: "Momentum")]),
            contourFigure(field, paths: [corners, momentum(gamma: 0.5, label: "Momentum")]),
            contourFigure(field, paths: [momentum(gamma: 0.5, label: "Momentum")]),
        ]
        try assertSameAsUncached(figures, cache: cache)
        XCTAssertEqual(cache.hits, 2, "two backgrounds, each used twice")
    }

    func testClassRegionsUnderScatterPointsMatchAWholeRender() throws {
        let classes = (0..<(40 * 30)).map { i in (i % 40) * (i / 40) % 3 }
        let regions = try ClassRegions(x: -1...1, y: -1...1, columns: 40, rows: 30, classes: classes)
        let cache = BackgroundCache()
        let figures = [0.0, 0.3].map { shift in
            Figure(content: .axes(Axes(scatter: [ScatterSeries(x: [-0.5 + shift, 0.2, 0.9], y: [0.1, -0.8 + shift, 0.95],
                                                               classes: [0, 1, 2], classNames: ["a", "b", "c"])],
                                       regions: regions)), width: 400, height: 300)
        }
        try assertSameAsUncached(figures, cache: cache)
        XCTAssertEqual(cache.hits, 1)
    }

    func testABackgroundIsFoundOnlyForTheSameInputs() throws {
        let path = [momentum(gamma: 0.9)]
        let cache = BackgroundCache()
        try assertSameAsUncached([contourFigure(try ravine(), paths: path)], cache: cache)
        // One sample one ulp higher (a function reading a global that changed), other levels,
        // another title, a grid: each is another background, and none may come from the first.
        let others = [
            contourFigure(try ravine(bump: 60 * 120 + 60), paths: path),
            contourFigure(try ravine(levels: .logarithmic(13)), paths: path),
            contourFigure(try ravine(), paths: path, title: "ravine, again"),
            contourFigure(try ravine(), paths: path, grid: true),
        ]
        try assertSameAsUncached(others, cache: cache)
        XCTAssertEqual(cache.hits, 0)
        // With explicit levels, other values keep the levels: a field with a hill added (the
        // function's global changed) draws other bands, and must not find the first one's.
        let levels = ContourField.Levels.explicit([1, 5, 20, 60, 120])
        var hill = try ravine(levels: levels)
        for row in 50..<70 { for column in 20..<40 { hill.values[row * 120 + column] += 100 } }
        let pair = [contourFigure(try ravine(levels: levels), paths: path), contourFigure(hill, paths: path)]
        try assertSameAsUncached(pair, cache: cache)
        XCTAssertEqual(cache.hits, 0)
        XCTAssertNotEqual(try pair[0].renderPNG(scale: 2, backgrounds: nil).bytes, try pair[1].renderPNG(scale: 2, backgrounds: nil).bytes)
    }

    func testTheCacheKeepsTheMostRecentlyUsedWithinItsBudget() throws {
        // Room for two 640x480-point backgrounds at 2x (1280 x 960 pixels, 4 bytes each).
        let imageBytes = 1280 * 960 * 4
        let cache = BackgroundCache(budget: 2 * imageBytes + imageBytes / 2)
        let path = [momentum(gamma: 0.9)]
        let figures = try [14, 10, 6].map { contourFigure(try ravine(levels: .logarithmic($0)), paths: path) }
        for figure in figures { _ = try figure.renderPNG(scale: 2, backgrounds: cache) }
        XCTAssertEqual(cache.storedBytes, 2 * imageBytes)
        _ = try figures[2].renderPNG(scale: 2, backgrounds: cache)
        XCTAssertEqual(cache.hits, 1, "the newest is kept")
        _ = try figures[0].renderPNG(scale: 2, backgrounds: cache)
        XCTAssertEqual(cache.hits, 1, "the oldest was evicted")
        _ = try figures[2].renderPNG(scale: 2, backgrounds: cache)
        XCTAssertEqual(cache.hits, 2, "used last but one, so the re-render of the oldest evicted the middle one")
        // An image larger than the whole budget is drawn but not kept.
        let small = BackgroundCache(budget: imageBytes - 1)
        _ = try figures[0].renderPNG(scale: 2, backgrounds: small)
        XCTAssertEqual(small.storedBytes, 0)
    }

    func testRendersOnSeveralThreadsShareTheCache() throws {
        let field = try ravine()
        let figures = [0.9, 0.5, 0.7, 0.3].map { contourFigure(field, paths: [momentum(gamma: $0)]) }
            + [contourFigure(try ravine(levels: .linear(8)), paths: [momentum(gamma: 0.8)])]
        let expected = try figures.map { try $0.renderPNG(scale: 2, backgrounds: nil).bytes }
        let cache = BackgroundCache()
        let rounds = 24
        // Each iteration writes only its own element, and all are done when concurrentPerform returns.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<[UInt8]?>.allocate(capacity: rounds)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: rounds) { k in
            results[k] = try? figures[k % figures.count].renderPNG(scale: 2, backgrounds: cache).bytes
        }
        for k in 0..<rounds {
            XCTAssertTrue(results[k] == expected[k % figures.count], "render \(k) differs")
        }
        XCTAssertGreaterThan(cache.hits, 0)
    }

    func testABackgroundCutShortByAnInterruptIsNotKept() throws {
        // Long enough (about a second) for the interrupt to land inside the contour's drawing.
        let field = try ContourField(x: -3...3, y: -3...3, resolution: 600, levels: .linear(500)) { x, y in
            sin(3 * x) * cos(5 * y) + x * y
        }
        let figure = Figure(content: .axes(Axes(contour: field)))
        let cache = BackgroundCache()
        Interrupt.clear()
        let interrupter = Thread {
            usleep(50_000)
            Interrupt.request()
        }
        interrupter.start()
        XCTAssertThrowsError(try figure.renderPNG(scale: 1, backgrounds: cache)) { error in
            XCTAssertEqual(error as? PlotError, .interrupted)
        }
        XCTAssertEqual(cache.storedBytes, 0)
        Interrupt.clear()
        try assertSameAsUncached([figure], cache: cache, scale: 1)
        XCTAssertEqual(cache.hits, 0)
        XCTAssertEqual(cache.storedBytes, 4 * 640 * 400)
    }
}
