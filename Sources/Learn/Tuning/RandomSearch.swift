/// Evaluates `trials` configurations sampled from the space (lists as `choice`, `uniform`,
/// `loguniform`). Samples are drawn in order from the search's own stream, a batch at a time (so
/// `trials=10**9` allocates nothing up front), and the same seed gives the same configurations
/// however the trials are scheduled.
public func randomSearch(_ space: SearchSpace, trials: Int, options: TuningOptions = TuningOptions(),
                         _ objective: @escaping Objective) throws -> SearchResult {
    guard trials >= 1 else { throw LearnError.value("random_search: trials must be at least 1, got \(trials)") }
    var run = try SearchRun(options, planned: trials, objective)
    var rng = run.generator(0x5EED_5A3F)
    var drawn = 0
    while drawn < trials && !run.interrupted {
        let batch = Swift.min(trials - drawn, 1024)
        _ = run.evaluate((0..<batch).map { _ in space.sample(&rng) })
        drawn += batch
    }
    return run.result(method: "random_search", space: space)
}
