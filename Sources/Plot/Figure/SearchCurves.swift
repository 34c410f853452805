/// The search-progress figure's rules, the one recipe a search's live display draws with: each
/// finished trial's score as a dot over its trial number, and the best score so far as a line
/// through them, on a log axis when the scores span over a decade (as losses do).
public enum SearchCurves {
    public static func axes(scores: [Double], bestSoFar: [Double]) -> Axes {
        let x = scores.indices.map { Double($0 + 1) }
        return Axes(xLabel: "trial", yLabel: "score", yScale: LossCurves.prefersLog(scores) ? .log : .linear,
                    lines: [LineSeries(label: "best so far", x: x, y: bestSoFar, color: Palette.color(1))],
                    scatter: [ScatterSeries(label: "trial", x: x, y: scores, color: Palette.color(0), size: 3)],
                    legend: .best)
    }
}
