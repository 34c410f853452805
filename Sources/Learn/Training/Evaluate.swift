import Engine

/// The loss (and, for classes, the accuracy) of a model on a data set.
public struct Evaluation: Sendable, CustomStringConvertible {
    public let loss: Double
    /// The fraction classified right, when the targets are class indices or the loss is bce.
    public let accuracy: Double?
    public let count: Int

    public var description: String {
        "Evaluation(loss \(shortNumber(loss))" + (accuracy.map { ", accuracy \(shortNumber($0))" } ?? "") + ", \(count) examples)"
    }
}

/// Evaluates `model` on all of `data` at once, in eval mode and without recording a graph;
/// the model's mode is restored afterwards.
public func evaluate(_ model: Layer, _ data: Dataset, loss: Loss) throws -> Evaluation {
    let wasTraining = model.isTraining
    defer { model.isTraining = wasTraining }
    model.eval()
    return try Autograd.noGrad {
        let output = try model.forward(data.x)
        let value = try loss(output, data.y).item()
        var acc: Double? = nil
        if data.isClassification || { if case .bce = loss { return true } else { return false } }() {
            acc = try accuracy(output, data.y)
        }
        return Evaluation(loss: value, accuracy: acc, count: data.count)
    }
}
