/// Evaluates `trials` configurations sampled from the space (lists as `choice`, `uniform`,
/// `loguniform`). All samples are drawn from the search's seed before any trial runs, so the
/// same seed gives the same configurations however the trials are scheduled.
public func randomSearch(_ space: SearchSpace, trials: Int, options: TuningOptions = TuningOptions(),
                         _ objective: @escaping Objective) throws -> SearchResult {
    guard trials >= 1 else { throw LearnError.value("random_search: trials must be at least 1, got \(trials)") }
    var run = try SearchRun(options, objective)
    var rng = run.generator(0x5EED_5A3F)
    let configurations = (0..<trials).map { _ in space.sample(&rng) }
    _ = run.evaluate(configurations)
    return run.result(method: "random_search", space: space, plannedTrials: trials)
}
