import Engine

/// Splits `data` into parts of the given fractions after a seeded shuffle, e.g. `[0.6, 0.2, 0.2]`
/// for training, validation and test. Fractions must be positive and sum to at most 1; every
/// part gets ⌊fraction·N⌋ rows, except that when they sum to 1 the last part takes the rest.
/// `seed` nil draws one from Engine's stream (so `seed(n)` fixes the split).
public func split(_ data: Dataset, _ fractions: [Double], seed: UInt64? = nil) throws -> [Dataset] {
    guard !fractions.isEmpty, fractions.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw LearnError.value("split: fractions must be positive numbers, got \(fractions)")
    }
    let total = fractions.reduce(0, +)
    guard total <= 1 + 1e-9 else {
        throw LearnError.value("split: fractions \(fractions) sum to \(total), more than 1")
    }
    var rng = seed.map(SeededGenerator.init(seed:)) ?? SeededGenerator.fromGlobal()
    let order = rng.permutation(data.count)
    var sizes = fractions.map { Int(($0 * Double(data.count)).rounded(.down)) }
    if Swift.abs(total - 1) < 1e-9 { sizes[sizes.count - 1] = data.count - sizes.dropLast().reduce(0, +) }
    if let empty = sizes.firstIndex(of: 0) {
        throw LearnError.value("split: part \(empty) (fraction \(fractions[empty])) of \(data.count) examples would be empty")
    }
    var start = 0
    return try sizes.map { size in
        defer { start += size }
        return try data.rows(Array(order[start..<(start + size)]))
    }
}

/// K-fold cross-validation: shuffles once, cuts `data` into `k` folds of near-equal size and
/// returns, for each fold, (training: the other k − 1 folds, validation: that fold).
public func kfold(_ data: Dataset, _ k: Int, seed: UInt64? = nil) throws -> [(train: Dataset, validation: Dataset)] {
    guard k >= 2, k <= data.count else {
        throw LearnError.value("kfold: k must be between 2 and the number of examples (\(data.count)), got \(k)")
    }
    var rng = seed.map(SeededGenerator.init(seed:)) ?? SeededGenerator.fromGlobal()
    let order = rng.permutation(data.count)
    let bounds = (0...k).map { $0 * data.count / k }
    return try (0..<k).map { fold in
        let held = Array(order[bounds[fold]..<bounds[fold + 1]])
        let rest = Array(order[..<bounds[fold]] + order[bounds[fold + 1]...])
        return (try data.rows(rest), try data.rows(held))
    }
}

/// The data in batches of `size` rows as (x, y) pairs, the last one possibly smaller;
/// shuffled with a seeded order unless `shuffle` is false.
public func batches(_ data: Dataset, size: Int, shuffle: Bool = true, seed: UInt64? = nil) throws -> [(x: Tensor, y: Tensor)] {
    guard size >= 1 else {
        throw LearnError.value("batches: size must be at least 1, got \(size)")
    }
    var source = data
    if shuffle {
        var rng = seed.map(SeededGenerator.init(seed:)) ?? SeededGenerator.fromGlobal()
        source = try data.rows(rng.permutation(data.count))
    }
    return try stride(from: 0, to: source.count, by: size).map { start in
        let end = Swift.min(start + size, source.count)
        return (try source.x.rows(start, end), try source.y.rows(start, end))
    }
}
