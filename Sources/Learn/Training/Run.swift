import Foundation

/// The record of one training run: what `fit` returns and `compare` returns one of per optimizer.
///
/// Losses are the mean loss over each step's batch (`stepLoss`) and, per epoch, the mean over
/// the epoch's examples (`epochLoss`). Validation numbers are measured after each epoch, with the
/// model in eval mode; `valAccuracy` is empty unless the targets are class indices.
public final class Run: CustomStringConvertible {
    /// A label: the optimizer's name, or the key it had in `compare`.
    public var name: String
    public let settings: TrainingSettings
    public internal(set) var stepLoss: [Double] = []
    public internal(set) var epochLoss: [Double] = []
    public internal(set) var valLoss: [Double] = []
    public internal(set) var valAccuracy: [Double] = []
    /// The learning rate used in each epoch.
    public internal(set) var learningRate: [Double] = []
    /// Seconds from the start of the run to the end of each epoch.
    public internal(set) var epochTime: [Double] = []
    /// Seconds the whole run took.
    public internal(set) var wallTime: Double = 0
    /// True when a loss became NaN or infinite, or an epoch's loss grew beyond `divergenceFactor`
    /// times the first step's, and the run stopped there.
    public internal(set) var diverged = false
    /// Warnings for standard error (divergence), in the order they happened.
    public internal(set) var warnings: [String] = []
    /// The network the run trained (for `compare`, the copy it trained).
    public internal(set) var model: Layer?

    init(name: String, settings: TrainingSettings) {
        self.name = name
        self.settings = settings
    }

    /// The number of epochs completed.
    public var epochs: Int { epochLoss.count }

    /// The last epoch's training loss, or NaN before the first epoch ends.
    public var finalLoss: Double { epochLoss.last ?? stepLoss.last ?? .nan }

    /// One line: `Run(Adam, 10 epochs, loss 0.0421, val_loss 0.0833, val_accuracy 0.974, 1.23 s)`.
    public var description: String {
        var parts = [settings.optimizer.name, "\(epochs) epoch\(epochs == 1 ? "" : "s")"]
        parts.append("loss \(shortNumber(finalLoss))")
        if let v = valLoss.last { parts.append("val_loss \(shortNumber(v))") }
        if let a = valAccuracy.last { parts.append("val_accuracy \(shortNumber(a))") }
        parts.append("\(shortNumber(wallTime)) s")
        if diverged { parts.append("diverged") }
        return "Run(" + (name == settings.optimizer.name ? "" : "\(name): ") + parts.joined(separator: ", ") + ")"
    }
}

/// What a run was asked to do, kept with its results.
public struct TrainingSettings: Sendable, Equatable {
    public var optimizer: OptimizerRecipe
    public var loss: String
    public var epochs: Int
    /// nil: batch gradient descent; 1: stochastic; n: mini-batches of n.
    public var batchSize: Int?
    public var schedule: Schedule?
    public var shuffle: Bool
    /// The seed of the batch order, so that a run can be replayed.
    public var shuffleSeed: UInt64
    public var trainingExamples: Int
    public var validationExamples: Int?
}

/// Where a run is, for a progress bar: reported after every step.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    /// 1-based step within the epoch.
    public var step: Int
    public var stepsPerEpoch: Int
    /// The loss of the step just taken.
    public var loss: Double
    /// Seconds since the run started.
    public var elapsed: Double
    /// The validation loss after the last finished epoch, when there is validation data.
    public var validationLoss: Double? = nil
    /// The fraction of all steps done, in [0, 1].
    public var fraction: Double {
        Double(epoch * stepsPerEpoch + step) / Double(Swift.max(epochs * stepsPerEpoch, 1))
    }
}

/// Four significant digits, as a summary line shows them.
func shortNumber(_ v: Double) -> String { String(format: "%.4g", v) }
