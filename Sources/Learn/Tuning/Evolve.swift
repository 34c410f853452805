import Engine
import Interruption

/// How `evolve` breeds: which share of the population is replaced, and how children vary.
public struct EvolutionSettings: Sendable, Equatable {
    /// The share of the population replaced each generation (the worst), and the share that
    /// breeds (the best): PBT's truncation selection. At least one member either way.
    public var fraction: Double
    /// A numeric hyper-parameter is multiplied by this or by its inverse, at random (PBT: 1.2).
    public var perturbation: Double
    /// The probability that a hyper-parameter is drawn afresh from its distribution instead.
    public var resample: Double

    public init(fraction: Double = 0.25, perturbation: Double = 1.2, resample: Double = 0.25) {
        self.fraction = fraction
        self.perturbation = perturbation
        self.resample = resample
    }

    /// Checks the settings; `search` names the built-in in the error.
    func validate(for search: String) throws {
        guard fraction > 0, fraction <= 0.5 else {
            throw LearnError.value("\(search): fraction must be in (0, 0.5], got \(fraction)")
        }
        guard perturbation.isFinite, perturbation > 1 else {
            throw LearnError.value("\(search): perturbation must be a factor above 1, got \(perturbation)")
        }
        guard resample >= 0, resample <= 1 else {
            throw LearnError.value("\(search): resample must be a probability in [0, 1], got \(resample)")
        }
    }
}

/// Evolutionary search over settings: the selection and perturbation of population-based training
/// (Jaderberg et al., 2017) without its weight inheritance; every trial trains from scratch
/// (`populationBasedTraining` inherits the weights).
///
/// Generation 0 samples `population` configurations. Each later generation keeps the best
/// members and replaces the worst `fraction` with children of the best `fraction`: each child
/// takes every hyper-parameter from one of two parents chosen among the best (crossover), then
/// each hyper-parameter is, with probability `resample`, drawn afresh, and otherwise multiplied
/// by `perturbation` or its inverse (mutation; a list moves to a neighbouring value). Only the
/// children are evaluated: a trial is a function of its configuration, so a kept member's score
/// stands. `generations` of the result lists each generation's members for plotting.
public func evolve(_ space: SearchSpace, population: Int = 8, generations: Int = 5,
                   settings: EvolutionSettings = EvolutionSettings(), options: TuningOptions = TuningOptions(),
                   _ objective: @escaping Objective) throws -> SearchResult {
    guard population >= 2 else { throw LearnError.value("evolve: population must be at least 2, got \(population)") }
    guard generations >= 1 else { throw LearnError.value("evolve: generations must be at least 1, got \(generations)") }
    try settings.validate(for: "evolve")
    // A generation's members are sampled and kept together.
    try Memory.check(population, of: 64 * Swift.max(space.names.count, 1) + 256, for: "evolve: population \(population)")
    let replaced = Swift.max(1, Int((Double(population) * settings.fraction).rounded()))
    var run = try SearchRun(options, planned: population + (generations - 1) * replaced, objective)
    var rng = run.generator(0xE70_1FE)
    var members = run.evaluate((0..<population).map { _ in space.sample(&rng) })
    var history = [members.map(\.index)]
    for generation in 1..<generations {
        guard !run.interrupted else { break }
        let ranked = members.sorted { $0.ranksBefore($1, maximize: options.maximize) }
        let parents = Array(ranked.prefix(replaced))
        let children = (0..<replaced).map { _ -> Configuration in
            let a = parents[Int(rng.next() % UInt64(parents.count))].configuration
            let b = parents[Int(rng.next() % UInt64(parents.count))].configuration
            return mutate(crossover(a, b, &rng), space, settings, &rng)
        }
        let born = run.evaluate(children, generation: generation)
        guard born.count == children.count else { break }
        members = Array(ranked.dropLast(replaced)) + born
        history.append(members.map(\.index))
    }
    return run.result(method: "evolve", space: space, generations: history)
}

/// Each hyper-parameter from `a` or `b` with equal chance.
private func crossover(_ a: Configuration, _ b: Configuration, _ rng: inout SeededGenerator) -> Configuration {
    Configuration(zip(a.pairs, b.values).map { pair, other in (pair.0, rng.next() & 1 == 0 ? pair.1 : other) })
}

/// Each hyper-parameter resampled with probability `resample`, otherwise perturbed (`evolve`'s
/// mutation and `pbt`'s explore step).
func mutate(_ c: Configuration, _ space: SearchSpace, _ settings: EvolutionSettings,
                    _ rng: inout SeededGenerator) -> Configuration {
    var out = c
    for (name, value) in c.pairs {
        guard let d = space.distribution(name) else { continue }
        if rng.uniform() < settings.resample {
            out.set(name, d.sample(&rng))
        } else {
            let factor = rng.next() & 1 == 0 ? settings.perturbation : 1 / settings.perturbation
            out.set(name, d.perturb(value, by: factor))
        }
    }
    return out
}
