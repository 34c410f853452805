/// A tensor's shape or strides: one integer per dimension, held inline up to rank 4 and in an
/// array beyond.
///
/// Every tensor a training step makes has rank 4 or less, so making one (a result, a view, a
/// transpose) allocates nothing for its geometry; an `[Int]` was one or two heap allocations per
/// tensor. It reads like an array (`shape[0]`, `shape.count`, `shape == [2, 3]`, `"\(shape)"`
/// prints `[2, 3]`) and `Array(shape)` makes one where an API wants `[Int]`.
///
/// Build one with `Dims(m, n)` or from a sequence in hot paths, and compare with `Dims(n)`, not
/// `[n]`: a literal goes through `init(arrayLiteral:)`, whose variadic array stays off the heap
/// only where the optimizer inlines it (`b.shape != [n]` in `linear` cost one allocation a call).
public struct Dims: Sendable {
    /// The dimensions when `count <= Dims.inlineRank`; unused slots hold 0.
    private var small: InlineArray<4, Int>
    /// All the dimensions when there are more than `inlineRank`; empty (no allocation) otherwise.
    private var large: [Int]
    public private(set) var count: Int

    /// The largest rank held without a heap allocation.
    public static let inlineRank = 4

    /// No dimensions: a scalar's shape.
    public init() {
        small = InlineArray(repeating: 0)
        large = []
        count = 0
    }

    @inline(__always)
    public init(_ d0: Int) {
        self.init()
        (small[0], count) = (d0, 1)
    }

    @inline(__always)
    public init(_ d0: Int, _ d1: Int) {
        self.init()
        (small[0], small[1], count) = (d0, d1, 2)
    }

    /// The elements of `dims`, in order.
    @inline(__always)
    public init<S: Sequence>(_ dims: S) where S.Element == Int {
        self.init()
        for d in dims { append(d) }
    }

    /// `count` copies of `value`.
    public init(repeating value: Int, count: Int) {
        self.init()
        for _ in 0..<count { append(value) }
    }

    /// `count` elements, the i-th `element(i)`.
    @inline(__always)
    public init(count: Int, _ element: (Int) throws -> Int) rethrows {
        self.init()
        for i in 0..<count { append(try element(i)) }
    }

    @inline(__always)
    public mutating func append(_ d: Int) {
        if count < Dims.inlineRank {
            small[count] = d
        } else {
            if count == Dims.inlineRank {
                large.reserveCapacity(count + 4)
                for i in 0..<count { large.append(small[i]) }
            }
            large.append(d)
        }
        count += 1
    }

    /// Removes and returns the last dimension (which must exist).
    @discardableResult
    public mutating func removeLast() -> Int {
        precondition(count > 0, "removeLast on empty Dims")
        let last = self[count - 1]
        count -= 1
        if count >= Dims.inlineRank { large.removeLast() }
        if count == Dims.inlineRank {
            for i in 0..<count { small[i] = large[i] }
            large = []
        }
        return last
    }

    /// The dimensions as an array, for APIs that take `[Int]`.
    public var array: [Int] { Array(self) }

    /// The product of the dimensions: a shape's element count (1 for a scalar).
    public var product: Int {
        var n = 1
        for d in self { n *= d }
        return n
    }
}

extension Dims: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> Int {
        @inline(__always) get {
            precondition(i >= 0 && i < count, "Dims index \(i) out of range for \(count) dimensions")
            return count <= Dims.inlineRank ? small[i] : large[i]
        }
        @inline(__always) set {
            precondition(i >= 0 && i < count, "Dims index \(i) out of range for \(count) dimensions")
            if count <= Dims.inlineRank { small[i] = newValue } else { large[i] = newValue }
        }
    }
}

extension Dims: RangeReplaceableCollection {
    public mutating func replaceSubrange<C: Collection<Int>>(_ subrange: Range<Int>, with newElements: C) {
        var result = Dims()
        for i in 0..<subrange.lowerBound { result.append(self[i]) }
        for d in newElements { result.append(d) }
        for i in subrange.upperBound..<count { result.append(self[i]) }
        self = result
    }
}

extension Dims: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Int...) { self.init(elements) }
}

extension Dims: Hashable {
    public static func == (a: Dims, b: Dims) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for d in self { hasher.combine(d) }
    }
}

extension Dims: CustomStringConvertible {
    /// `[2, 3]`, as an array of the same numbers prints.
    public var description: String { array.description }
}
