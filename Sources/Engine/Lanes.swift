/// A value the update rules compute with: one float (for tails and float64) or a SIMD vector of
/// them. The rules are written once, generic over it; the compiler cannot vectorize them by
/// itself because parameter, gradient and state pointers might alias.
protocol Lanes {
    associatedtype Element: BinaryFloatingPoint
    static var count: Int { get }
    init(broadcast value: Element)
    init(loading p: UnsafePointer<Element>)
    func store(_ p: UnsafeMutablePointer<Element>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    func squareRoot() -> Self
    /// Each lane limited to [lower, upper].
    func limited(_ lower: Self, _ upper: Self) -> Self
}

/// A single float is one lane of itself.
extension Lanes where Self: BinaryFloatingPoint, Element == Self {
    static var count: Int { 1 }
    init(broadcast value: Self) { self = value }
    init(loading p: UnsafePointer<Self>) { self = p.pointee }
    func store(_ p: UnsafeMutablePointer<Self>) { p.pointee = self }
    func limited(_ lower: Self, _ upper: Self) -> Self { Swift.min(Swift.max(self, lower), upper) }
}

extension Float: Lanes {}

extension Double: Lanes {}

extension SIMD16: Lanes where Scalar == Float {
    typealias Element = Float
    static var count: Int { 16 }
    init(broadcast value: Float) { self.init(repeating: value) }
    init(loading p: UnsafePointer<Float>) { self = UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    func store(_ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
    func limited(_ lower: Self, _ upper: Self) -> Self {
        var r = self
        r.replace(with: lower, where: r .< lower)
        r.replace(with: upper, where: r .> upper)
        return r
    }
}

#if DEBUG
/// Whether hot loops run 16 lanes at a time: not in debug builds, where unspecialized SIMD
/// generics run far slower than plain floats (`LanesTests` runs the vector path explicitly).
let vectorsByDefault = false
#else
/// Whether hot loops run 16 lanes at a time.
let vectorsByDefault = true
#endif

/// Calls `body` on the part of 0..<n that fills whole SIMD16 vectors (none unless `vectors`),
/// then on the float tail.
@inline(__always)
func inLanes(_ n: Int, vectors: Bool = vectorsByDefault, _ body: (_ vectors: Range<Int>, _ tail: Range<Int>) -> Void) {
    let end = vectors ? n / 16 * 16 : 0
    body(0..<end, end..<n)
}
