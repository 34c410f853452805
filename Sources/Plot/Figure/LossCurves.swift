/// One training run's losses, as `plot(run)` shows them.
public struct RunCurve: Sendable {
    public var name: String
    /// Training loss per step.
    public var trainLoss: [Double]
    /// Validation loss per epoch, measured at the step that ends the epoch.
    public var validationLoss: [Double]
    public var epochs: Int
    /// Steps per epoch, when known: a run still training has a partial epoch, so its steps over
    /// its epochs would misplace the validation points.
    public var stepsPerEpoch: Int?

    public init(name: String, trainLoss: [Double], validationLoss: [Double] = [], epochs: Int = 1, stepsPerEpoch: Int? = nil) {
        self.name = name
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
    }
}

/// The loss-curve figure's rules, the one recipe that `plot(run)` and the training progress
/// display draw with.
public enum LossCurves {
    /// The smoothing a figure of `runs` gets when the user asks for none in particular: runs of a
    /// hundred steps or more are noisy enough that the trend hides without it.
    public static func defaultSmoothing(_ runs: [RunCurve]) -> Double? {
        runs.contains { $0.trainLoss.count >= 100 } ? 0.6 : nil
    }

    /// Whether a loss curve reads better on a log axis: all positive and spanning over a decade.
    public static func prefersLog(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
        return hi / lo > 10
    }

    /// Each run's training loss over steps (labelled by its name, one palette colour per run), and
    /// its validation loss dashed at the steps that end the epochs: in the run's colour, or in the
    /// next colour when there is one run, so that the two curves stay apart. Epoch markers only
    /// for one run of 2 to 12 epochs, where they help more than they clutter.
    public static func lines(_ runs: [RunCurve], smoothing: Double?) -> (lines: [LineSeries], markers: [VerticalMarker]) {
        var lines: [LineSeries] = []
        for (i, run) in runs.enumerated() {
            let color = Palette.color(i)
            lines.append(LineSeries(label: run.name, y: run.trainLoss, color: color, smoothing: smoothing))
            if !run.validationLoss.isEmpty {
                let perEpoch = run.stepsPerEpoch ?? max(1, run.trainLoss.count / max(run.epochs, 1))
                let x = run.validationLoss.indices.map { Double(($0 + 1) * perEpoch) }
                lines.append(LineSeries(label: "\(run.name) (validation)", x: x, y: run.validationLoss,
                                        color: runs.count == 1 ? Palette.color(1) : color,
                                        style: .dashed, showsPoints: run.validationLoss.count <= 30))
            }
        }
        var markers: [VerticalMarker] = []
        if runs.count == 1, let run = runs.first, run.epochs > 1, run.epochs <= 12 {
            let perEpoch = run.trainLoss.count / run.epochs
            if perEpoch > 1 { markers = VerticalMarker.epochs(stepsPerEpoch: perEpoch, totalSteps: run.trainLoss.count) }
        }
        return (lines, markers)
    }
}
