import Engine
import Interruption

/// Population-based training (Jaderberg et al., 2017; Ray Tune's `PopulationBasedTraining`):
/// members train side by side, round after round; after each round the worst `fraction` copy
/// the *trained state* and the settings of one of the best `fraction` (exploit), perturb the
/// settings as `evolve` mutates them (explore), and train on from the copied state. A member's
/// settings therefore change over time: the result is a schedule (a learning rate that starts
/// high and is lowered where that pays), found in the budget of one training per member.
///
/// Each round of each member is one trial (its `generation` is the round, its `parent` the trial
/// whose trained state it continued); trial `r * population + m` is member `m` in round `r`.
/// Members live in this process, so the trials run here one after another (`options.workers` is
/// ignored): a member's state is an object of the caller's, which a worker process could not
/// hand back. A member whose round fails or diverges ranks last and is replaced by a copy of a
/// better one. The best is the best member of the last round: its state is the trained result.
///
/// - Parameters:
///   - start: makes member `m`'s initial state, before round 0, with Engine's `Random` seeded from
///     the search's seed and `m` (so the seed fixes the initial weights); an error stops the
///     search.
///   - copy: a deep copy of a state, for exploit.
///   - train: trains a state for one round with the trial's configuration and returns its score.
/// - Returns: the search result and each member's final state (member order).
public func populationBasedTraining<Member>(
    _ space: SearchSpace, population: Int = 8, rounds: Int = 8,
    settings: EvolutionSettings = EvolutionSettings(), options: TuningOptions = TuningOptions(),
    start: (Int) throws -> Member, copy: (Member) throws -> Member,
    train: @escaping (Member, Trial) throws -> Double
) throws -> (result: SearchResult, members: [Member]) {
    guard population >= 2 else { throw LearnError.value("pbt: population must be at least 2, got \(population)") }
    guard rounds >= 1 else { throw LearnError.value("pbt: rounds must be at least 1, got \(rounds)") }
    try settings.validate(for: "pbt")
    try Memory.check(population, of: 64 * Swift.max(space.names.count, 1) + 256, for: "pbt: population \(population)")
    var serial = options
    serial.workers = 1
    var states: [Member] = []
    var run = try SearchRun(serial, planned: population * rounds) { trial in try train(states[trial.index % population], trial) }
    for m in 0..<population {
        Random.seed(trialSeed(run.seed ^ 0x5EED, m))
        states.append(try start(m))
    }
    var rng = run.generator(0x9B7)
    let replaced = Swift.max(1, Int((Double(population) * settings.fraction).rounded()))
    var configurations = (0..<population).map { _ in space.sample(&rng) }
    var parents: [Int?] = Array(repeating: nil, count: population)
    var history: [[Int]] = []
    for round in 0..<rounds {
        let members = run.evaluate(configurations, generation: round, parents: parents)
        guard members.count == population else { break }
        history.append(members.map(\.index))
        guard round < rounds - 1 else { break }
        parents = members.map(\.index)
        let ranked = members.indices.sorted { members[$0].ranksBefore(members[$1], maximize: options.maximize) }
        let best = Array(ranked.prefix(replaced))
        for worst in ranked.suffix(replaced) {
            let source = best[Int(rng.next() % UInt64(best.count))]
            states[worst] = try copy(states[source])
            configurations[worst] = mutate(configurations[source], space, settings, &rng)
            parents[worst] = members[source].index
        }
    }
    let result = run.result(method: "pbt", space: space, generations: history)
    return (result, states)
}
