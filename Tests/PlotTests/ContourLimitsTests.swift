import Interruption
import Foundation
import XCTest
@testable import Plot

/// Contour levels are capped before anything is sampled or drawn, and rendering stops soon
/// after an interrupt (10^5 levels once took 4.5 GB and could not be interrupted).
final class ContourLimitsTests: XCTestCase {
    override func tearDown() { Interrupt.clear() }

    func testLevelsBeyondTheCapAreAnErrorBeforeSampling() {
        var calls = 0
        XCTAssertThrowsError(try ContourField(x: -1...1, y: -1...1, resolution: 50, levels: .logarithmic(100_000)) { x, _ in
            calls += 1
            return x
        }) { error in
            XCTAssertEqual(error as? PlotError, .levelCount(100_000, maximum: 500))
            XCTAssertEqual("\(error)", "levels must be between 2 and 500, got 100000")
        }
        XCTAssertEqual(calls, 0, "the function was sampled before the levels were checked")
        XCTAssertThrowsError(try ContourField(x: [0, 1], y: [0, 1], values: [0, 1, 2, 3], levels: .explicit([1])))
        XCTAssertThrowsError(try ContourField(x: [0, 1], y: [0, 1], values: [0, 1, 2, 3], levels: .linear(501)))
        XCTAssertNoThrow(try ContourField(x: [0, 1], y: [0, 1], values: [0, 1, 2, 3], levels: .linear(500)))
    }

    func testAnInterruptStopsAContourRenderAndStaysPending() throws {
        let field = try ContourField(x: -3...3, y: -3...3, resolution: 600, levels: .linear(500)) { x, y in
            sin(3 * x) * cos(5 * y) + x * y
        }
        let figure = Figure(content: .axes(Axes(contour: field)))
        let clock = ContinuousClock()
        var start = clock.now
        // Without the cache of backgrounds: both renders must draw the contour.
        _ = try figure.renderPNG(scale: 1, backgrounds: nil)
        let whole = clock.now - start
        XCTAssertGreaterThan(whole, .milliseconds(500), "the render must be long for the interrupt to matter")
        Interrupt.clear()
        let interrupter = Thread {
            usleep(50_000)
            Interrupt.request()
        }
        start = clock.now
        interrupter.start()
        XCTAssertThrowsError(try figure.renderPNG(scale: 1, backgrounds: nil)) { error in
            XCTAssertEqual(error as? PlotError, .interrupted)
        }
        let stopped = clock.now - start
        XCTAssertTrue(Interrupt.isRequested, "the render leaves the interrupt to the cell")
        // Relative to the whole render, so that the bound holds under a sanitizer's slowdown too.
        XCTAssertLessThan(stopped, .milliseconds(50) + whole / 5,
                          "stopped after \(stopped), a whole render takes \(whole)")
    }
}
