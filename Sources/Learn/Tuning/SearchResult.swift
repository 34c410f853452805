import Engine

/// What a search found: every trial's record, best first on demand, and what a plot needs.
///
/// A failed or diverged trial stays in the records with its error; an interrupted search keeps
/// the trials that finished and is marked `partial`.
public final class SearchResult {
    /// `grid_search`, `random_search`, `evolve` or `pbt`.
    public let method: String
    public let space: SearchSpace
    public let maximize: Bool
    /// Every finished trial, in trial order.
    public let records: [TrialRecord]
    /// The number of trials the search meant to run.
    public let plannedTrials: Int
    /// True when an interrupt stopped the search early.
    public let partial: Bool
    public let seed: UInt64
    /// For `evolve` and `pbt`: the trial indices of each generation's (round's) population;
    /// empty otherwise.
    public let generations: [[Int]]
    /// Wall time of the whole search, in seconds.
    public let seconds: Double
    /// Trials that could run at once (workers, or the Ray cluster's nodes).
    public let workers: Int
    /// Where the trials ran, for the summary line: `2 workers`, `2 Ray nodes (ray 10.0.0.1:6379)`.
    public let place: String

    init(method: String, space: SearchSpace, maximize: Bool, records: [TrialRecord], plannedTrials: Int,
         partial: Bool, seed: UInt64, generations: [[Int]] = [], seconds: Double, workers: Int, place: String) {
        self.method = method
        self.space = space
        self.maximize = maximize
        self.records = records
        self.plannedTrials = plannedTrials
        self.partial = partial
        self.seed = seed
        self.generations = generations
        self.seconds = seconds
        self.workers = workers
        self.place = place
    }

    /// Finished trials best first, then failed and diverged ones in trial order.
    public var ranked: [TrialRecord] { records.sorted { $0.ranksBefore($1, maximize: maximize) } }

    /// The best finished trial, nil when none finished. For `pbt`, the best of the last round:
    /// its state is the trained result, while an earlier round's score belongs to weights that
    /// were trained on (or replaced) since.
    public var best: TrialRecord? {
        let candidates = method == "pbt" ? (generations.last ?? []).compactMap(record) : records
        return candidates.sorted { $0.ranksBefore($1, maximize: maximize) }.first.flatMap { $0.score == nil ? nil : $0 }
    }

    /// The best configuration, to pass on (nil when no trial finished).
    public var bestConfiguration: Configuration? { best?.configuration }

    /// The record of trial `index`.
    public func record(_ index: Int) -> TrialRecord? { records.first { $0.index == index } }

    /// Each trial's score in trial order (NaN for failed ones): the series of score-vs-trial.
    public var scores: [Double] { records.map { $0.score ?? .nan } }

    /// The best score found so far after each trial (NaN until the first finished one).
    public var bestSoFar: [Double] { SearchResult.bestSoFar(records, maximize: maximize) }

    /// The best score after each of `records` (NaN until the first finished one): for a result,
    /// and for the live display of a search still running.
    public static func bestSoFar(_ records: [TrialRecord], maximize: Bool) -> [Double] {
        var best = Double.nan
        return records.map { r in
            if let s = r.score, best.isNaN || (maximize ? s > best : s < best) { best = s }
            return best
        }
    }

    /// For `evolve`: the best score in each generation's population.
    public var bestPerGeneration: [Double] {
        generations.map { members in
            let scores = members.compactMap { record($0)?.score }
            return (maximize ? scores.max() : scores.min()) ?? .nan
        }
    }

    /// The scores of a two-hyper-parameter grid as a matrix for a heatmap: rows follow the first
    /// hyper-parameter's values, columns the second's; NaN where a trial failed or did not run.
    public func gridMatrix() throws -> GridMatrix {
        guard method == "grid_search", space.names.count == 2,
              case .values(let rows) = space.distributions[0], case .values(let columns) = space.distributions[1] else {
            throw LearnError.value("heatmap: needs the result of a grid_search over exactly two hyper-parameters, got \(method) over \(space.names.count)")
        }
        var scores = [[Double]](repeating: [Double](repeating: .nan, count: columns.count), count: rows.count)
        for r in records {
            guard let s = r.score, let i = rows.firstIndex(of: r.configuration.values[0]),
                  let j = columns.firstIndex(of: r.configuration.values[1]) else { continue }
            scores[i][j] = s
        }
        return GridMatrix(rowName: space.names[0], rowLabels: rows.map(\.description),
                          columnName: space.names[1], columnLabels: columns.map(\.description), scores: scores)
    }
}

/// A grid's scores laid out for a heatmap (Plot takes plain numbers and labels).
public struct GridMatrix: Sendable, Equatable {
    public var rowName: String
    public var rowLabels: [String]
    public var columnName: String
    public var columnLabels: [String]
    /// scores[row][column], NaN where there is none.
    public var scores: [[Double]]
}
