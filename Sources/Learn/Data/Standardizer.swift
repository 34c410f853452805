import Engine

/// Per-feature standardisation, (x − mean)/std, with the statistics of training data only.
///
/// A feature that is constant in the training data (std 0, like the corner pixels of digits)
/// is only centred: its std is taken as 1, so it maps to 0 instead of NaN. std is the
/// population standard deviation (divided by N), as scikit-learn's StandardScaler computes it.
public struct Standardizer: Sendable {
    public let mean: [Double]
    public let std: [Double]

    /// The statistics of `data`'s features.
    public init(fitting data: Dataset) {
        let n = data.count, f = data.features
        let values = data.x.scalars()
        var mean = [Double](repeating: 0, count: f)
        var sq = [Double](repeating: 0, count: f)
        for r in 0..<n {
            for c in 0..<f { mean[c] += values[r * f + c] }
        }
        for c in 0..<f { mean[c] /= Double(n) }
        for r in 0..<n {
            for c in 0..<f {
                let d = values[r * f + c] - mean[c]
                sq[c] += d * d
            }
        }
        self.mean = mean
        std = sq.map { s in
            let v = (s / Double(n)).squareRoot()
            return v > 0 ? v : 1
        }
    }

    /// `data` with standardised features; the targets are unchanged.
    public func apply(_ data: Dataset) throws -> Dataset {
        guard data.features == mean.count else {
            throw LearnError.value("standardize: the data has \(data.features) features but the statistics are for \(mean.count)")
        }
        let f = mean.count
        var values = data.x.scalars()
        for i in values.indices { values[i] = (values[i] - mean[i % f]) / std[i % f] }
        return try data.with(x: Tensor(shape: data.x.shape, scalars: values))
    }
}

/// Standardises `train` with its own statistics and `others` (validation, test) with the same
/// ones; returns [train, others...] standardised.
public func standardize(_ train: Dataset, _ others: [Dataset] = []) throws -> [Dataset] {
    let s = Standardizer(fitting: train)
    return try ([train] + others).map(s.apply)
}
