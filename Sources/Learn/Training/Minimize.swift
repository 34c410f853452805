import Engine
import Interruption

/// The path an optimizer took on a function of a few variables.
public struct Trajectory: Sendable, CustomStringConvertible {
    public let optimizer: OptimizerRecipe
    /// The points visited, the start first: `steps + 1` of them unless the run diverged.
    public internal(set) var points: [[Double]]
    /// f at each point.
    public internal(set) var values: [Double]
    /// True when f or a point became NaN or infinite, or f grew beyond `divergenceFactor` times a
    /// positive start, and the run stopped there.
    public internal(set) var diverged = false
    public internal(set) var warnings: [String] = []

    /// The last point.
    public var final: [Double] { points.last ?? [] }

    public var description: String {
        let p = final.map(shortNumber).joined(separator: ", ")
        return "Trajectory(\(optimizer.name), \(points.count - 1) steps, final (\(p)), f \(shortNumber(values.last ?? .nan))\(diverged ? ", diverged" : ""))"
    }
}

/// Runs `optimizer` for `steps` steps on `f`, a function of one 0-d float64 tensor per variable,
/// from `start`, and returns every point visited with f there.
///
/// The points are the parameter values, where f and its gradient are evaluated; for NAG that is
/// the look-ahead point θ − γv of the lecture's formula (see `OptimizerRecipe`). A value or point
/// that becomes NaN or infinite, or an f beyond `divergenceFactor` times a positive f at the start
/// (a minimum may be negative, so only a positive start gives growth a meaning), stops the run
/// and marks it diverged. Polls `Interrupt` between steps.
public func minimize(_ f: ([Tensor]) throws -> Tensor, start: [Double], optimizer recipe: OptimizerRecipe,
                     steps: Int = 100) throws -> Trajectory {
    guard !start.isEmpty, start.allSatisfy(\.isFinite) else {
        throw LearnError.value("minimize: start must be a list of finite numbers, got \(start)")
    }
    guard steps >= 0 else { throw LearnError.value("minimize: steps must be at least 0, got \(steps)") }
    let variables = try start.map { v -> Tensor in
        let t = Tensor(v, dtype: .float64)
        try t.setRequiresGrad(true)
        return t
    }
    let optimizer = try Optimizer(variables, recipe)
    var trajectory = Trajectory(optimizer: recipe, points: [], values: [])

    func evaluate() throws -> (Tensor, Double)? {
        let value = try f(variables)
        guard value.count == 1 else {
            throw LearnError.value("minimize: the function must return one number, got a tensor of shape \(describe(value.shape))")
        }
        let point = variables.map { $0.scalars()[0] }
        let v = try value.item()
        trajectory.points.append(point)
        trajectory.values.append(v)
        let start = trajectory.values[0]
        guard v.isFinite, point.allSatisfy(\.isFinite), !(start > 0 && v > divergenceFactor * start) else {
            trajectory.diverged = true
            trajectory.warnings.append("minimize: \(recipe.name) diverged after \(trajectory.points.count - 1) steps (f = \(shortNumber(v)), from \(shortNumber(start)) at the start); try a smaller learning rate")
            return nil
        }
        return (value, v)
    }

    for _ in 0..<steps {
        if Interrupt.take() { throw LearnError.interrupted }
        guard let (value, _) = try evaluate() else { return trajectory }
        optimizer.zeroGrad()
        try value.backward()
        try optimizer.step()
    }
    _ = try Autograd.noGrad { try evaluate() }
    return trajectory
}
