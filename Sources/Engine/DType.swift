import Foundation
import Interruption

/// The element types a tensor can hold: float32 for training, float64 for gradcheck, int64 for labels.
public enum DType: String, Sendable {
    case float32, float64, int64

    /// Whether values of this type can carry gradients.
    public var isFloatingPoint: Bool { self != .int64 }

    /// Bytes per element.
    public var size: Int { self == .float32 ? 4 : 8 }

    /// Checks that this type can hold `value`: for int64 (fractions truncate, as in PyTorch) an
    /// infinite, NaN or out-of-range value is an OverflowError instead of a saturated element.
    func check(_ value: Double, _ op: String) throws {
        guard self == .int64, Int64(exactly: value.rounded(.towardZero)) == nil else { return }
        throw EngineError(kind: "OverflowError", message: "\(op): \(value) cannot be converted to int64 without overflow")
    }

    /// The type two operands of a binary op are computed in (PyTorch's promotion rules).
    static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .int64 { return b }
        if b == .int64 { return a }
        return .float64
    }
}

/// The Swift type behind each `DType`; kernels are written once, generic over it.
public protocol TensorScalar: Numeric, Comparable {
    static var dtype: DType { get }
    /// Converts a Double, saturating (and mapping NaN to 0) for integers.
    init(converting value: Double)
    var double: Double { get }
    /// The identity of `max`: minus infinity for floats, the smallest value for integers.
    static var lowest: Self { get }
    static var highest: Self { get }
    /// Arithmetic that wraps on integer overflow instead of trapping (plain for floats).
    static func plus(_ a: Self, _ b: Self) -> Self
    static func minus(_ a: Self, _ b: Self) -> Self
    static func times(_ a: Self, _ b: Self) -> Self
    static func divide(_ a: Self, _ b: Self) -> Self
    /// Python's `//`: the quotient rounded toward minus infinity.
    static func floorDivide(_ a: Self, _ b: Self) -> Self
    static func power(_ a: Self, _ b: Self) -> Self
}

extension TensorScalar where Self: FloatingPoint {
    @inlinable public static func plus(_ a: Self, _ b: Self) -> Self { a + b }
    @inlinable public static func minus(_ a: Self, _ b: Self) -> Self { a - b }
    @inlinable public static func times(_ a: Self, _ b: Self) -> Self { a * b }
    @inlinable public static func floorDivide(_ a: Self, _ b: Self) -> Self { (a / b).rounded(.down) }
}

/// Floating-point element types: the ones elementary functions and gradients apply to.
public protocol FloatScalar: TensorScalar, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: FloatScalar {
    public static var dtype: DType { .float32 }
    @inlinable public init(converting value: Double) { self.init(value) }
    @inlinable public var double: Double { Double(self) }
    public static var lowest: Float { -.infinity }
    public static var highest: Float { .infinity }
    @inlinable public static func divide(_ a: Float, _ b: Float) -> Float { a / b }
    @inlinable public static func power(_ a: Float, _ b: Float) -> Float { Foundation.powf(a, b) }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.logf(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
}

extension Double: FloatScalar {
    public static var dtype: DType { .float64 }
    @inlinable public init(converting value: Double) { self = value }
    @inlinable public var double: Double { self }
    public static var lowest: Double { -.infinity }
    public static var highest: Double { .infinity }
    @inlinable public static func divide(_ a: Double, _ b: Double) -> Double { a / b }
    @inlinable public static func power(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

extension Int64: TensorScalar {
    public static var dtype: DType { .int64 }
    @inlinable public init(converting value: Double) {
        if value.isNaN { self = 0 } else if value >= 9.2e18 { self = .max } else if value <= -9.2e18 { self = .min } else { self.init(value) }
    }
    @inlinable public var double: Double { Double(self) }
    public static var lowest: Int64 { .min }
    public static var highest: Int64 { .max }
    @inlinable public static func plus(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
    @inlinable public static func minus(_ a: Int64, _ b: Int64) -> Int64 { a &- b }
    @inlinable public static func times(_ a: Int64, _ b: Int64) -> Int64 { a &* b }
    /// Floor division, as Python's `//`; division by zero gives 0 instead of trapping.
    @inlinable public static func divide(_ a: Int64, _ b: Int64) -> Int64 {
        guard b != 0, !(a == .min && b == -1) else { return 0 }
        let q = a / b
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q
    }
    @inlinable public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { divide(a, b) }
    /// Integer power by squaring (wrapping on overflow); negative exponents give 0.
    @inlinable public static func power(_ a: Int64, _ b: Int64) -> Int64 {
        guard b >= 0 else { return 0 }
        var (result, base, e): (Int64, Int64, Int64) = (1, a, b)
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
}
