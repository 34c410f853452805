import Foundation
import LanguageCore
import Learn
import Plot

/// Draws one training's progress as `fit` reports it. Runs shorter than `progressDelay` seconds show
/// nothing but their result; longer ones get a bar (and in a notebook a loss curve) that is
/// redrawn at most every `interval` seconds and ends in the run's summary.
final class TrainingProgressView {
    private let display: ProgressDisplay
    private var losses: [Double] = []
    /// Validation loss per finished epoch, and the steps per epoch to place it at.
    private var validation: [Double] = []
    private var stepsPerEpoch = 1
    private var label: String?

    init(_ ip: Interpreter) { display = ProgressDisplay(ip) }

    /// Called after every step; `label` names the run in `compare`.
    func update(_ p: TrainingProgress, label: String? = nil) {
        if label != self.label {
            self.label = label
            losses.removeAll(keepingCapacity: true)
            validation.removeAll()
        }
        losses.append(p.loss)
        stepsPerEpoch = p.stepsPerEpoch
        if let v = p.validationLoss, validation.count < p.epoch { validation.append(v) }
        if display.due(p.elapsed) { display.draw(bar(p)) { curve(losses, validation: validation) } }
    }

    /// Replaces the bar by the summary lines of the finished runs.
    func finish(_ runs: [Run]) {
        let summary = runs.map(\.description).joined(separator: "\n")
        guard display.shown else { return }
        switch display.style {
        case .batch: return
        case .terminal:
            display.clearLine(then: summary + "\n")
        case .notebook:
            var bundle = MimeBundle(data: ["text/plain": .text(summary)])
            if let png = curve(runs.last?.stepLoss ?? losses, validation: runs.last?.valLoss ?? validation) {
                bundle.data["text/html"] = .text("<pre>\(TensorText.escape(summary))</pre>" + ProgressDisplay.html(png))
            }
            display.replace(bundle)
        }
    }

    private func bar(_ p: TrainingProgress) -> String {
        let width = 24
        let done = Int((p.fraction * Double(width)).rounded(.down))
        let prefix = label.map { "\($0): " } ?? ""
        return prefix + "[" + String(repeating: "#", count: done) + String(repeating: ".", count: width - done) + "] "
            + String(format: "%3.0f%%", 100 * p.fraction) + " epoch \(p.epoch + 1)/\(p.epochs) loss \(Formatting.short(p.loss))"
            + String(format: " %.1f s", p.elapsed)
    }

    /// A small loss curve, 360x150 points at 2x, drawn by `plot(run)`'s recipe: smoothed once
    /// long enough to be noisy, on a log axis when the loss spans a decade, and the validation
    /// loss dashed beside it at the steps that end its epochs.
    private func curve(_ values: [Double], validation: [Double]) -> RenderedImage? {
        guard values.count >= 2 else { return nil }
        let run = RunCurve(name: "loss", trainLoss: values, validationLoss: validation, stepsPerEpoch: stepsPerEpoch)
        let (lines, _) = LossCurves.lines([run], smoothing: LossCurves.defaultSmoothing([run]))
        let axes = Axes(xLabel: "step", yLabel: "loss", yScale: LossCurves.prefersLog(values + validation) ? .log : .linear,
                        lines: lines, legend: validation.isEmpty ? .none : .best)
        return try? Figure(content: .axes(axes), width: 360, height: 150).render(.png(scale: 2))
    }
}
