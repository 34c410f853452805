import Engine

/// Functions of two variables for watching optimizers move: `minimize(.rosenbrock, ...)`.
///
/// Each is written with tensor ops, so it works on 0-d tensors (for `minimize`) and element-wise
/// on grids of any shape (for contour plots).
public enum TestFunction: String, CaseIterable, Sendable {
    /// (1 − x)² + 100(y − x²)²: a curved, flat-bottomed valley. Minimum 0 at (1, 1).
    case rosenbrock
    /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)². Minimum 0 at (3, 0.5).
    case beale
    /// x² − y²: a saddle at (0, 0); unbounded below along y, so no minimum.
    case saddle
    /// x² + 50y²: a narrow valley (curvatures 2 and 100). Minimum 0 at (0, 0).
    case ravine

    public func callAsFunction(_ v: [Tensor]) throws -> Tensor {
        guard v.count == 2 else {
            throw LearnError.type("\(rawValue) takes 2 variables (x, y), got \(v.count)")
        }
        let x = v[0], y = v[1]
        switch self {
        case .rosenbrock:
            return try (1 - x).pow(2) + 100 * (y - x.pow(2)).pow(2)
        case .beale:
            let xy = try x * y
            return try (1.5 - x + xy).pow(2) + (2.25 - x + xy * y).pow(2) + (2.625 - x + xy * y * y).pow(2)
        case .saddle:
            return try x.pow(2) - y.pow(2)
        case .ravine:
            return try x.pow(2) + 50 * y.pow(2)
        }
    }

    /// Where the minimum is, nil for the saddle.
    public var minimum: [Double]? {
        switch self {
        case .rosenbrock: [1, 1]
        case .beale: [3, 0.5]
        case .saddle: nil
        case .ravine: [0, 0]
        }
    }

    /// The conventional starting point for demonstrations.
    public var start: [Double] {
        switch self {
        case .rosenbrock: [-1.5, 2]
        case .beale: [1, 1.5]
        case .saddle: [-1, 1e-3]
        case .ravine: [-4, 1]
        }
    }

    /// A plotting window that shows the start and the minimum: (x range, y range).
    public var window: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        switch self {
        case .rosenbrock: (-2...2, -1...3)
        case .beale: (-4.5...4.5, -4.5...4.5)
        case .saddle: (-2...2, -2...2)
        case .ravine: (-5...5, -2...2)
        }
    }
}
