/// Evaluates every combination of the space's value lists (the first hyper-parameter varying
/// slowest), in parallel when `options.workers` allows. Use log-spaced values for rates:
/// `[1e-4, 1e-3, 1e-2, 1e-1]`.
public func gridSearch(_ space: SearchSpace, options: TuningOptions = TuningOptions(),
                       _ objective: @escaping Objective) throws -> SearchResult {
    let grid = try space.grid()
    var run = try SearchRun(options, planned: grid.count, objective)
    _ = run.evaluate(grid)
    return run.result(method: "grid_search", space: space)
}
