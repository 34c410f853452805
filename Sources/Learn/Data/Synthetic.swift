import Engine
import Foundation
import Interruption

/// Seeded synthetic data sets for notebooks and tests. Each takes an optional `seed`; without
/// one it draws a seed from Engine's stream, so `seed(n)` makes them reproducible too.
public enum Synthetic {
    /// Interleaved spirals (the cs231n toy problem): `n` points per class on `classes` arms,
    /// radius r from 0 to 1, angle 4(c + r) + noise·N(0, 1) for class c; two features.
    public static func spiral(n: Int = 100, classes: Int = 3, noise: Double = 0.2, seed: UInt64? = nil) throws -> Dataset {
        try check(n: n, noise: noise, "spiral")
        guard classes >= 2 else { throw LearnError.value("spiral: needs at least 2 classes, got \(classes)") }
        try checkSize([n, classes, 3], "spiral(n=\(n), classes=\(classes))")
        var rng = try generator(seed)
        var x: [Double] = [], y: [Double] = []
        for c in 0..<classes {
            for i in 0..<n {
                let r = n == 1 ? 1 : Double(i) / Double(n - 1)
                let t = 4 * (Double(c) + r) + noise * rng.normal()
                x += [r * sin(t), r * cos(t)]
                y.append(Double(c))
            }
        }
        return try classification(x, y, features: 2, classes: classes)
    }

    /// Gaussian blobs: `n` points split evenly among `centers` clusters whose centres are uniform
    /// in [−10, 10]^features, each point the centre plus `spread`·N(0, 1) per feature.
    public static func blobs(n: Int = 300, centers: Int = 3, features: Int = 2, spread: Double = 1,
                             seed: UInt64? = nil) throws -> Dataset {
        try check(n: n, noise: spread, "blobs")
        guard centers >= 1, features >= 1, n >= centers else {
            throw LearnError.value("blobs: needs centers >= 1, features >= 1 and n >= centers, got n=\(n), centers=\(centers), features=\(features)")
        }
        try checkSize([n, features + 1], "blobs(n=\(n), features=\(features))")
        try checkSize([centers, features], "blobs(centers=\(centers), features=\(features))")
        var rng = try generator(seed)
        let middle = (0..<(centers * features)).map { _ in 20 * rng.uniform() - 10 }
        var x: [Double] = [], y: [Double] = []
        for i in 0..<n {
            let c = i * centers / n
            for f in 0..<features { x.append(middle[c * features + f] + spread * rng.normal()) }
            y.append(Double(c))
        }
        return try classification(x, y, features: features, classes: centers)
    }

    /// XOR: `n` points uniform in [−1, 1]², class 1 where the signs of the two coordinates
    /// differ; then `noise`·N(0, 1) added to each coordinate.
    public static func xor(n: Int = 200, noise: Double = 0.1, seed: UInt64? = nil) throws -> Dataset {
        try check(n: n, noise: noise, "xor")
        try checkSize([n, 3], "xor(n=\(n))")
        var rng = try generator(seed)
        var x: [Double] = [], y: [Double] = []
        for _ in 0..<n {
            let a = 2 * rng.uniform() - 1, b = 2 * rng.uniform() - 1
            y.append((a < 0) != (b < 0) ? 1 : 0)
            x += [a + noise * rng.normal(), b + noise * rng.normal()]
        }
        return try classification(x, y, features: 2, classes: 2)
    }

    /// Linear regression: x ~ N(0, 1)^features, y = x·w + b + noise·N(0, 1) with w ~ N(0, 1)^features
    /// and b ~ N(0, 1) drawn from the same seed; y has shape (n, 1).
    public static func linearRegression(n: Int = 100, features: Int = 1, noise: Double = 0.1,
                                        seed: UInt64? = nil) throws -> Dataset {
        try check(n: n, noise: noise, "linear_regression")
        guard features >= 1 else { throw LearnError.value("linear_regression: needs features >= 1, got \(features)") }
        try checkSize([n, features + 1], "linear_regression(n=\(n), features=\(features))")
        var rng = try generator(seed)
        let w = (0..<features).map { _ in rng.normal() }
        let b = rng.normal()
        var x: [Double] = [], y: [Double] = []
        for _ in 0..<n {
            let row = (0..<features).map { _ in rng.normal() }
            x += row
            y.append(zip(row, w).reduce(b) { $0 + $1.0 * $1.1 } + noise * rng.normal())
        }
        return try Dataset(x: Tensor(shape: [n, features], scalars: x), y: Tensor(shape: [n, 1], scalars: y))
    }

    private static func check(n: Int, noise: Double, _ name: String) throws {
        guard n >= 1 else { throw LearnError.value("\(name): n must be at least 1, got \(n)") }
        guard noise.isFinite, noise >= 0 else { throw LearnError.value("\(name): noise must be a finite number >= 0, got \(noise)") }
    }

    /// The values a generator makes (Doubles, then float32 tensors: 12 bytes each), checked
    /// against the memory limit before the first is drawn.
    private static func checkSize(_ dims: [Int], _ what: String) throws {
        try Memory.check(dims, of: 12, for: what)
    }

    private static func generator(_ seed: UInt64?) throws -> SeededGenerator {
        seed.map(SeededGenerator.init(seed:)) ?? SeededGenerator.fromGlobal()
    }

    private static func classification(_ x: [Double], _ y: [Double], features: Int, classes: Int) throws -> Dataset {
        try Dataset(x: Tensor(shape: [y.count, features], scalars: x),
                    y: Tensor(shape: [y.count], scalars: y, dtype: .int64),
                    classNames: (0..<classes).map(String.init))
    }
}
