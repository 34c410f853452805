import Engine

/// Trains one copy of `model` per optimizer, every copy from the same initial weights (deep
/// copies of `model`, which itself is left untouched) and with the same batch order (one
/// shuffle seed for all), and returns the runs in the order given, each named by its key.
/// The trained copies are in `run.model`. Dropout masks still come from Engine's stream, so
/// networks with Dropout see different masks in different runs.
public func compare(_ optimizers: [(name: String, optimizer: OptimizerRecipe)], model: Layer, data: Dataset,
                    loss: Loss, epochs: Int, batchSize: Int? = nil, validation: Dataset? = nil,
                    schedule: Schedule? = nil, shuffle: Bool = true, seed: UInt64? = nil,
                    progress: ((String, TrainingProgress) -> Void)? = nil) throws -> [Run] {
    guard !optimizers.isEmpty else {
        throw LearnError.value("compare: got no optimizers to compare")
    }
    let shared = seed ?? SeededGenerator.nextSeed()
    let initial = try model.copy()
    return try optimizers.map { entry in
        try fit(initial.copy(), data, loss: loss, optimizer: entry.optimizer, epochs: epochs, batchSize: batchSize,
                validation: validation, schedule: schedule, shuffle: shuffle, seed: shared, name: entry.name,
                progress: progress.map { report in { report(entry.name, $0) } })
    }
}
