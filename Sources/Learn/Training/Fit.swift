import Engine
import Interruption

/// Trains `model` on `data` and returns the record of the run.
///
/// Each epoch visits every example once, in batches: `batchSize` nil is batch gradient descent
/// (one step per epoch on all the data), 1 is stochastic gradient descent, n is mini-batches of
/// n (the last one smaller when n does not divide the data). Batches are drawn in a new seeded
/// order each epoch unless `shuffle` is false; `seed` nil draws the order's seed from Engine's
/// stream. A step is: forward, loss, zero the gradients, backward, optimizer step.
///
/// Everything that can be checked is checked before the first step: epochs and batch size, the
/// schedule, the data's feature count against the model's first layer, class indices against
/// the model's output width, and one forward pass of a single example through model and loss.
/// A loss that becomes NaN or infinite, or an epoch's loss beyond `divergenceFactor` times the
/// first step's, stops the run, marks it `diverged` and adds a warning: a run that has grown a
/// thousandfold is not coming back, and one that ends at a huge finite loss would say nothing.
/// Between steps the run polls `Interrupt` and throws `KeyboardInterrupt` when asked to stop.
/// `progress` is called after every step. The model's train/eval mode is restored at the end.
///
/// The step is the one a hand-written loop takes, through Engine's ops: a `Sequential`'s
/// Linear-activation pairs and the losses are Engine's fused ops, so a plain perceptron's step
/// builds a graph of a few nodes and, once warm, allocates no tensor buffers.
public func fit(_ model: Layer, _ data: Dataset, loss: Loss, optimizer recipe: OptimizerRecipe,
                epochs: Int, batchSize: Int? = nil, validation: Dataset? = nil, schedule: Schedule? = nil,
                shuffle: Bool = true, seed: UInt64? = nil, name: String? = nil,
                progress: ((TrainingProgress) -> Void)? = nil) throws -> Run {
    guard epochs >= 1 else { throw LearnError.value("fit: epochs must be at least 1, got \(epochs)") }
    if let b = batchSize, b < 1 {
        throw LearnError.value("fit: batch_size must be None (batch gradient descent) or at least 1, got \(b)")
    }
    try schedule?.validate()
    try checkCompatible(model, data, loss, role: "training data")
    if let validation { try checkCompatible(model, validation, loss, role: "validation data") }

    let optimizer = try Optimizer(model.parameters(), recipe)
    let shuffleSeed = seed ?? SeededGenerator.nextSeed()
    let size = Swift.min(batchSize ?? data.count, data.count)
    let stepsPerEpoch = (data.count + size - 1) / size
    let run = Run(name: name ?? recipe.name, settings: TrainingSettings(
        optimizer: recipe, loss: loss.description, epochs: epochs, batchSize: batchSize, schedule: schedule,
        shuffle: shuffle, shuffleSeed: shuffleSeed, trainingExamples: data.count,
        validationExamples: validation?.count))
    run.model = model

    let wasTraining = model.isTraining
    defer { model.isTraining = wasTraining }
    model.train()
    var rng = SeededGenerator(seed: shuffleSeed)
    let clock = ContinuousClock()
    let start = clock.now
    func elapsed() -> Double {
        (clock.now - start).seconds
    }

    // Records grow as training goes: reserving for `epochs=10**18` up front would be the crash.
    let reserved = Swift.min(epochs, 1 << 16)
    run.stepLoss.reserveCapacity(Swift.min(reserved * stepsPerEpoch, 1 << 20))
    run.epochLoss.reserveCapacity(reserved)
    run.learningRate.reserveCapacity(reserved)
    run.epochTime.reserveCapacity(reserved)
    var order = Array(0..<data.count)

    training: for epoch in 0..<epochs {
        let lr = schedule?.learningRate(base: recipe.lr, epoch: epoch) ?? recipe.lr
        try optimizer.setLR(lr)
        run.learningRate.append(lr)
        let reordered = shuffle && size < data.count
        if reordered { order.shuffle(using: &rng) }
        let epochData = reordered ? try data.rows(order) : data
        var lossSum = 0.0
        for step in 0..<stepsPerEpoch {
            if Interrupt.take() { throw LearnError.interrupted }
            let lo = step * size, hi = Swift.min(lo + size, data.count)
            let (x, y) = size == data.count
                ? (epochData.x, epochData.y)
                : (try epochData.x.rows(lo, hi), try epochData.y.rows(lo, hi))
            let l = try loss(model.forward(x), y)
            let value = try l.item()
            if value.isFinite {
                optimizer.zeroGrad()
                try l.backward()
            }
            guard value.isFinite else {
                run.diverged = true
                run.warnings.append("fit: the loss became \(value.isNaN ? "nan" : "inf") at epoch \(epoch + 1), step \(step + 1); the run stopped (try a smaller learning rate)")
                break training
            }
            try optimizer.step()
            run.stepLoss.append(value)
            lossSum += value * Double(hi - lo)
            progress?(TrainingProgress(epoch: epoch, epochs: epochs, step: step + 1, stepsPerEpoch: stepsPerEpoch,
                                       loss: value, elapsed: elapsed(), validationLoss: run.valLoss.last))
        }
        let epochLoss = lossSum / Double(data.count)
        run.epochLoss.append(epochLoss)
        // Judged on the epoch's mean, so that one unlucky mini-batch does not end a run.
        let grew = run.stepLoss.first.map { $0 > 0 && !(epochLoss <= divergenceFactor * $0) } ?? false
        if grew, let first = run.stepLoss.first {
            run.diverged = true
            run.warnings.append("fit: the loss grew from \(shortNumber(first)) to \(shortNumber(epochLoss)) by epoch \(epoch + 1), over \(shortNumber(divergenceFactor)) times its start; the run stopped (try a smaller learning rate)")
        }
        if let validation {
            let e = try evaluate(model, validation, loss: loss)
            model.train()
            run.valLoss.append(e.loss)
            if let a = e.accuracy { run.valAccuracy.append(a) }
        }
        run.epochTime.append(elapsed())
        if grew { break }
    }
    run.wallTime = elapsed()
    return run
}

/// How many times its first value a loss may grow before `fit` and `minimize` call the run diverged.
public let divergenceFactor = 1e3

/// The checks `fit` makes before its first step, with messages in the user's terms.
func checkCompatible(_ model: Layer, _ data: Dataset, _ loss: Loss, role: String) throws {
    if let expected = model.inputFeatures, expected != data.features {
        throw LearnError.value("the \(role) has \(data.features) feature\(data.features == 1 ? "" : "s") per example but the model's first layer expects \(expected)")
    }
    if loss.isClassification {
        if data.isClassification, let outputs = model.outputFeatures(input: data.features) {
            let top = Int(data.y.scalars().max() ?? 0)
            guard top < outputs else {
                throw LearnError.value("the \(role) has class index \(top) but the model outputs \(outputs) value\(outputs == 1 ? "" : "s") per example (classes 0..\(outputs - 1))")
            }
        }
    } else if case .mse = loss, data.isClassification {
        throw LearnError.value("mse needs numeric targets but the \(role) has class indices; use cross_entropy for classes")
    }
    let wasTraining = model.isTraining
    defer { model.isTraining = wasTraining }
    model.eval()
    try Autograd.noGrad {
        let probe = try data.rows([0])
        _ = try loss(model.forward(probe.x), probe.y)
    }
}
