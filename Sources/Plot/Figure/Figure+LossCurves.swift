/// One training run's losses, as `plot(run)` shows them.
public struct RunCurve: Sendable {
    public var name: String
    /// Training loss per step.
    public var trainLoss: [Double]
    /// Validation losses and the steps they were measured at (often once per epoch).
    public var validationLoss: [Double]
    public var validationSteps: [Double]
    /// Steps per epoch, for epoch markers; `nil` draws none.
    public var stepsPerEpoch: Int?

    public init(name: String, trainLoss: [Double], validationLoss: [Double] = [], validationSteps: [Double] = [],
                stepsPerEpoch: Int? = nil) {
        self.name = name
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationSteps = validationSteps
        self.stepsPerEpoch = stepsPerEpoch
    }
}

extension Figure {
    /// Loss over steps for one or more runs: one palette colour per run, validation dashed in the
    /// run's colour, epoch markers when every run shares one epoch length.
    ///
    /// `smoothing` (0..<1) applies TensorBoard's debiased moving average to training losses and
    /// keeps the raw curve faint behind. A run with validation losses gets a second legend entry
    /// "name (validation)"; with a single run the entries read "train" and "validation".
    public static func lossCurves(_ runs: [RunCurve], title: String? = nil, logY: Bool = false,
                                  smoothing: Double? = nil, xLabel: String = "step", yLabel: String = "loss") -> Figure {
        var axes = Axes(xLabel: xLabel, yLabel: yLabel, yScale: logY ? .log : .linear)
        let single = runs.count == 1
        for (index, run) in runs.enumerated() {
            let color = Palette.color(index)
            axes.lines.append(LineSeries(label: single ? "train" : run.name, y: run.trainLoss, color: color,
                                         smoothing: smoothing))
            if !run.validationLoss.isEmpty {
                let steps = run.validationSteps.count == run.validationLoss.count
                    ? run.validationSteps : run.validationLoss.indices.map(Double.init)
                axes.lines.append(LineSeries(label: single ? "validation" : run.name + " (validation)", x: steps,
                                             y: run.validationLoss, color: color, style: .dashed,
                                             showsPoints: run.validationLoss.count <= 50))
            }
        }
        let epochLengths = Set(runs.compactMap(\.stepsPerEpoch))
        if epochLengths.count == 1, let length = epochLengths.first, runs.allSatisfy({ $0.stepsPerEpoch != nil }) {
            let longest = runs.map(\.trainLoss.count).max() ?? 0
            axes.markers = VerticalMarker.epochs(stepsPerEpoch: length, totalSteps: longest)
        }
        return Figure(title: title ?? (single ? runs[0].name : nil), content: .axes(axes))
    }
}
