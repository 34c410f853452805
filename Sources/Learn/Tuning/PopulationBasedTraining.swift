import Engine
import Foundation
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
/// Members live in this process. A round's members train side by side in worker processes (or
/// on a cluster's nodes; with one worker, here one after another): each trial carries its
/// member's state encoded (`Trial.state`, made by `codec`) to the worker, which loads it into its
/// own copy of the member (forked, or replayed on a node), trains, and sends the state back
/// (`Trial.trainedState`, also after a round that failed, as a member trained here keeps what its
/// failed round did); the member here then loads it. The trials' seeds are the same wherever
/// they run, so the results are too.
/// A member whose round fails or diverges ranks last and is replaced by a copy of a better one.
/// The best is the best member of the last round: its state is the trained result. Replayed on
/// a cluster worker (`RecordedTrials`), the search takes its records and its members' final
/// states from the run it stands in for.
///
/// - Parameters:
///   - start: makes member `m`'s initial state, before round 0, with Engine's `Random` seeded from
///     the search's seed and `m` (so the seed fixes the initial weights); an error stops the
///     search.
///   - copy: a deep copy of a state, for exploit.
///   - train: trains a state for one round with the trial's configuration and returns its score.
///   - codec: encodes a state and loads one into a member, for trials that run elsewhere.
/// - Returns: the search result and each member's final state (member order).
public func populationBasedTraining<Member>(
    _ space: SearchSpace, population: Int = 8, rounds: Int = 8,
    settings: EvolutionSettings = EvolutionSettings(), options: TuningOptions = TuningOptions(),
    start: (Int) throws -> Member, copy: (Member) throws -> Member,
    train: @escaping (Member, Trial) throws -> Double, codec: MemberCodec<Member>
) throws -> (result: SearchResult, members: [Member]) {
    guard population >= 2 else { throw LearnError.value("pbt: population must be at least 2, got \(population)") }
    guard rounds >= 1 else { throw LearnError.value("pbt: rounds must be at least 1, got \(rounds)") }
    try settings.validate(for: "pbt")
    try Memory.check(population, of: 64 * Swift.max(space.names.count, 1) + 256, for: "pbt: population \(population)")
    var states: [Member] = []
    var run = try SearchRun(options, planned: population * rounds) { trial in
        let member = states[trial.index % population]
        guard let state = trial.state else { return try train(member, trial) }
        try codec.load(state, member)
        defer { trial.trainedState = try? codec.encode(member) }
        return try train(member, trial)
    }
    let shipped = !run.runner.runsHere
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
        let trials = run.trials(configurations, generation: round, parents: parents,
                                states: shipped ? try states.map(codec.encode) : [])
        let members = run.run(trials)
        for (m, trial) in trials.enumerated() {
            if let trained = trial.trainedState { try codec.load(trained, states[m]) }
        }
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
    for (member, state) in zip(states, run.runner.recordedMembers ?? []) { try codec.load(state, member) }
    let result = run.result(method: "pbt", space: space, generations: history)
    return (result, states)
}

/// How a `pbt` member's state travels to a trial that runs in another process and back.
public struct MemberCodec<Member> {
    /// The member's state as bytes.
    public var encode: (Member) throws -> Data
    /// Loads encoded state into a member made the same way.
    public var load: (Data, Member) throws -> Void

    public init(encode: @escaping (Member) throws -> Data, load: @escaping (Data, Member) throws -> Void) {
        self.encode = encode
        self.load = load
    }
}
