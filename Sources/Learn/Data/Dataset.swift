import Engine
import Interruption

/// Examples as rows: features `x` (N, F) float32 and targets `y`, either class indices (N,)
/// int64 (classification) or float32 values (N, K) (regression; a vector of N values becomes
/// one column, so that it matches the (N, 1) output of `Linear(F, 1)` under `mse`).
///
/// A data set is immutable; `split`, `standardize` and friends return new ones. It is never
/// empty: every operation that would make an empty one throws instead.
public final class Dataset: CustomStringConvertible {
    public let x: Tensor
    public let y: Tensor
    /// Class names for classification targets (index i names class i), nil otherwise.
    public let classNames: [String]?
    public let featureNames: [String]?
    public let targetName: String?

    /// Checks shapes and labels: x must be (N, F) (a vector is taken as one feature), y must
    /// have N rows, class indices must lie in 0..<classNames.count.
    public init(x: Tensor, y: Tensor, classNames: [String]? = nil, featureNames: [String]? = nil,
                targetName: String? = nil) throws {
        guard x.ndim == 1 || x.ndim == 2 else {
            throw LearnError.value("dataset: x must be a matrix (examples, features), got shape \(describe(x.shape))")
        }
        guard x.shape[0] > 0 else {
            throw LearnError.value("dataset: x has no rows (shape \(describe(x.shape))); a data set needs at least one example")
        }
        guard y.ndim >= 1, y.shape[0] == x.shape[0] else {
            throw LearnError.value("dataset: x of shape \(describe(x.shape)) and y of shape \(describe(y.shape)) have different numbers of rows")
        }
        let features = try Autograd.noGrad { () throws -> Tensor in
            let m = x.ndim == 1 ? try x.reshape([x.shape[0], 1]) : x
            return try m.detach().cast(.float32, copy: true).contiguous()
        }
        var targets = y.detach()
        var names = classNames
        if y.dtype == .int64 {
            guard y.ndim == 1 else {
                throw LearnError.value("dataset: class indices must be a vector (N,), got shape \(describe(y.shape))")
            }
            let labels = y.exactIntegers() ?? []
            if let bad = labels.firstIndex(where: { $0 < 0 }) {
                throw LearnError.value("dataset: class index \(labels[bad]) in row \(bad) is negative")
            }
            let top = labels.max() ?? 0
            // Every index below the largest is a class with a name: 10**12 would be 10**12 names.
            try Memory.check(top, of: 64, for: "dataset: class index \(top) (one name per class up to it)")
            if let names {
                guard top < names.count else {
                    throw LearnError.value("dataset: class index \(top) is out of range for \(names.count) class names")
                }
            } else {
                names = (0...top).map(String.init)
            }
        } else {
            names = nil
            targets = try Autograd.noGrad {
                let column = y.ndim == 1 ? try targets.reshape([y.shape[0], 1]) : targets
                return try column.cast(.float32, copy: true).contiguous()
            }
        }
        self.x = features
        self.y = targets
        self.classNames = names
        self.featureNames = featureNames
        self.targetName = targetName
    }

    /// Number of examples.
    public var count: Int { x.shape[0] }
    /// Number of features per example.
    public var features: Int { x.shape[1] }
    /// Whether `y` holds class indices.
    public var isClassification: Bool { y.dtype == .int64 }
    /// The number of classes, for classification.
    public var classCount: Int? { classNames?.count }

    /// The examples at `indices`, in that order.
    public func rows(_ indices: [Int]) throws -> Dataset {
        guard !indices.isEmpty else {
            throw LearnError.value("dataset: a selection of no rows would make an empty data set")
        }
        let index = try Tensor(shape: [indices.count], scalars: indices.map(Double.init), dtype: .int64)
        return try Dataset(x: x.index([.tensor(index)]), y: y.index([.tensor(index)]), classNames: classNames,
                           featureNames: featureNames, targetName: targetName)
    }

    /// The same targets with other features (same row count), keeping the names.
    func with(x newX: Tensor) throws -> Dataset {
        try Dataset(x: newX, y: y, classNames: classNames, featureNames: featureNames, targetName: targetName)
    }

    /// `Dataset(150 examples, 4 features, 3 classes)`.
    public var description: String {
        let target = classNames.map { "\($0.count) classes" } ?? "target \(describe(Array(y.shape.dropFirst())))"
        return "Dataset(\(count) examples, \(features) feature\(features == 1 ? "" : "s"), \(target))"
    }
}
