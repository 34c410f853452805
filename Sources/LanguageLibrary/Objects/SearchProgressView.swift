import Foundation
import LanguageCore
import Learn
import Plot

/// Draws a search's progress as its trials finish, wherever they run (forked workers or a Ray
/// cluster: both report through `TuningOptions.onTrial`, in trial order): trials done of those
/// planned, the best score so far and its settings, and in a notebook a small figure of each
/// trial's score and the best so far (`SearchCurves`). Like training's progress, searches shorter
/// than `progressDelay` seconds show nothing but their result, and the display is redrawn at most
/// every `interval` seconds; in a notebook it stays, drawn once more at the end, above the table.
final class SearchProgressView {
    private let display: ProgressDisplay
    private let name: String
    private let maximize: Bool
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    private var planned = 0
    private var records: [TrialRecord] = []

    init(_ ip: Interpreter, name: String, maximize: Bool) {
        display = ProgressDisplay(ip)
        self.name = name
        self.maximize = maximize
        start = clock.now
    }

    /// The search has its runner (a cluster's connection counts in the delay) and plans `trials`.
    func started(_ trials: Int) {
        planned = trials
    }

    /// Called with each finished trial, in trial order.
    func update(_ record: TrialRecord) {
        records.append(record)
        let elapsed = (clock.now - start).seconds
        if display.due(elapsed) { draw(elapsed) }
    }

    /// The last state, once the search has returned (or been interrupted).
    func finish() {
        guard display.shown else { return }
        switch display.style {
        case .batch: return
        case .terminal: display.clearLine()
        case .notebook: draw((clock.now - start).seconds)
        }
    }

    /// `grid_search: 12/64 trials, best 0.4184 (lr=0.8, hidden=32) 3.1 s`.
    private func line(_ elapsed: Double) -> String {
        let best = records.filter { $0.score != nil }.sorted { $0.ranksBefore($1, maximize: maximize) }.first
        let bestText = best.map { "best \(Formatting.short($0.score!)) (\($0.configuration.description))" } ?? "no score yet"
        let total = max(planned, records.count)
        return "\(name): \(records.count)/\(total) trials, \(bestText)" + String(format: " %.1f s", elapsed)
    }

    private func draw(_ elapsed: Double) {
        display.draw(line(elapsed), image: curve)
    }

    /// 360x150 points at 2x, like training's loss curve; none before two trials have scores.
    private func curve() -> RenderedImage? {
        let scores = records.map { $0.score ?? .nan }
        guard scores.filter(\.isFinite).count >= 2 else { return nil }
        let axes = SearchCurves.axes(scores: scores, bestSoFar: SearchResult.bestSoFar(records, maximize: maximize))
        return try? Figure(content: .axes(axes), width: 360, height: 150).render(.png(scale: 2))
    }
}
