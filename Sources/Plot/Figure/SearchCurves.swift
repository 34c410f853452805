/// The search-progress figure's rules, the one recipe a search's live display draws with: each
/// finished trial's score as a dot over its trial number, and the best score so far as a step line
/// (it changes only at a trial that beats it), on a log axis when the scores span over a decade
/// (as losses do). No legend: in the display's 360x150 points one would take a third of the plot;
/// the y label says which is which.
public enum SearchCurves {
    public static func axes(scores: [Double], bestSoFar: [Double]) -> Axes {
        let x = scores.indices.map { Double($0 + 1) }
        let (stepX, stepY) = steps(x, bestSoFar)
        return Axes(xLabel: "trial", yLabel: "score (line: best)", yScale: LossCurves.prefersLog(scores) ? .log : .linear,
                    lines: [LineSeries(label: "best so far", x: stepX, y: stepY, color: Palette.color(1))],
                    scatter: [ScatterSeries(label: "trial", x: x, y: scores, color: Palette.color(0), size: 3)],
                    legend: .none)
    }

    /// The points of a step line through `(x[i], y[i])`: level from each point to the next x, then
    /// straight up or down to the next y.
    static func steps(_ x: [Double], _ y: [Double]) -> (x: [Double], y: [Double]) {
        var sx: [Double] = [], sy: [Double] = []
        for i in x.indices {
            if i > 0 {
                sx.append(x[i])
                sy.append(y[i - 1])
            }
            sx.append(x[i])
            sy.append(y[i])
        }
        return (sx, sy)
    }
}
