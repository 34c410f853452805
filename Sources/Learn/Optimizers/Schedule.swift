import Foundation

/// A learning-rate schedule: the lecture's "simple decreasing schedule", applied once per epoch.
///
/// With η₀ the optimizer's learning rate and e the 0-based epoch:
/// - `stepDecay(every: k, factor: f)`: η = η₀ · f^⌊e/k⌋ (drops by `f` every `k` epochs);
/// - `expDecay(rate: r)`: η = η₀ · e^(−r·e);
/// - `inverseTime(rate: r)`: η = η₀ / (1 + r·e).
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    case stepDecay(every: Int, factor: Double)
    case expDecay(rate: Double)
    case inverseTime(rate: Double)

    /// Checks the parameters, so that a bad schedule fails before training starts.
    public func validate() throws {
        switch self {
        case .stepDecay(let every, let factor):
            guard every > 0 else { throw LearnError.value("step_decay: every must be a positive number of epochs, got \(every)") }
            guard factor.isFinite, factor > 0 else { throw LearnError.value("step_decay: factor must be a positive finite number, got \(factor)") }
        case .expDecay(let rate), .inverseTime(let rate):
            guard rate.isFinite, rate >= 0 else { throw LearnError.value("\(name): rate must be a finite number >= 0, got \(rate)") }
        }
    }

    /// The learning rate for 0-based `epoch`, starting from `base`.
    public func learningRate(base: Double, epoch: Int) -> Double {
        switch self {
        case .stepDecay(let every, let factor): base * Foundation.pow(factor, Double(epoch / every))
        case .expDecay(let rate): base * Foundation.exp(-rate * Double(epoch))
        case .inverseTime(let rate): base / (1 + rate * Double(epoch))
        }
    }

    public var name: String {
        switch self {
        case .stepDecay: "step_decay"
        case .expDecay: "exp_decay"
        case .inverseTime: "inverse_time"
        }
    }

    public var description: String {
        switch self {
        case .stepDecay(let every, let factor): "step_decay(every=\(every), factor=\(factor))"
        case .expDecay(let rate): "exp_decay(rate=\(rate))"
        case .inverseTime(let rate): "inverse_time(rate=\(rate))"
        }
    }
}
