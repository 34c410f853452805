import Foundation
@testable import Plot

/// Figures shared by tests.
enum Gallery {
    /// Six noisy decaying curves of 1,000 points on a log axis (a fixed pseudo-random sequence).
    static func noisyCurves() -> Figure {
        var state: UInt64 = 5
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let lines = (0..<6).map { k in
            LineSeries(label: "run \(k)", y: (0..<1000).map { i in
                (2 * exp(-Double(i) * 0.002 * Double(k + 1)) + 0.02) * (1 + 0.3 * noise())
            })
        }
        return Figure(title: "noisy", content: .axes(Axes(yScale: .log, lines: lines)))
    }
}
