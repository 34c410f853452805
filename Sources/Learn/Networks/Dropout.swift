import Engine

/// Inverted dropout: in training mode each value is zeroed with probability p and the rest are
/// scaled by 1/(1 − p), so that eval mode (which passes x through) needs no rescaling.
public final class Dropout: Layer {
    public let p: Double
    public var isTraining = true

    public init(_ p: Double = 0.5) throws {
        guard p.isFinite, p >= 0, p < 1 else {
            throw LearnError.value("Dropout: p must be in [0, 1), got \(p)")
        }
        self.p = p
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard isTraining, p > 0 else { return x }
        // The draws in x's precision; an integer x (whose product with the scale is float) draws float32.
        let keep = try Tensor.rand(x.shape, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32).ge(p)
        return try x * (keep * (1 / (1 - p)))
    }

    public func namedParameters() -> [(String, Tensor)] { [] }
    public func copy() throws -> Layer { let d = try Dropout(p); d.isTraining = isTraining; return d }
    public func outputFeatures(input: Int?) -> Int? { input }
    public var inputFeatures: Int? { nil }
    public var description: String { "Dropout(p=\(p))" }
}
