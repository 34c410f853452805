import LanguageCore
import Learn
import Plot

/// Figures of training: loss curves of runs, one colour per run, validation loss dashed.
enum LossFigures {
    /// Whether a loss curve reads better on a log axis: all positive and spanning over a decade.
    static func prefersLog(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
        return hi / lo > 10
    }

    /// The step losses of each run over steps, and each epoch's validation loss dashed at the
    /// step that ends the epoch (in the run's colour, or the next one when there is one run).
    static func lines(_ runs: [(name: String, run: Run)], smoothing: Double?) -> (lines: [LineSeries], markers: [VerticalMarker]) {
        var lines: [LineSeries] = []
        for (i, (name, run)) in runs.enumerated() {
            let color = Palette.color(i)
            lines.append(LineSeries(label: name, y: run.stepLoss, color: color, smoothing: smoothing))
            if !run.valLoss.isEmpty {
                let perEpoch = max(1, run.stepLoss.count / max(run.epochs, 1))
                let x = run.valLoss.indices.map { Double(($0 + 1) * perEpoch) }
                let validationColor = runs.count == 1 ? Palette.color(1) : color
                lines.append(LineSeries(label: "\(name) (validation)", x: x, y: run.valLoss, color: validationColor,
                                        style: .dashed, showsPoints: run.valLoss.count <= 30))
            }
        }
        var markers: [VerticalMarker] = []
        if runs.count == 1, let run = runs.first?.run, run.epochs > 1, run.epochs <= 12 {
            let perEpoch = run.stepLoss.count / run.epochs
            if perEpoch > 1 { markers = VerticalMarker.epochs(stepsPerEpoch: perEpoch, totalSteps: run.stepLoss.count) }
        }
        return (lines, markers)
    }
}
