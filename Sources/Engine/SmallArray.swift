/// Up to three elements held inline, more in an array: the inputs and saved tensors a recorded op
/// keeps, and the gradients its rule returns.
///
/// Every op but `cat` has three inputs or fewer, so recording a step's graph and running its rules
/// allocates nothing for them, where an `[Tensor]` was one heap allocation per op and per rule. A
/// literal `[a, b]` builds one in place (the optimizer keeps the literal's variadic array on the
/// stack when, as here, the initializers inline).
struct SmallArray<Element> {
    private var inline: InlineArray<3, Element?> = InlineArray(repeating: nil)
    /// All the elements when there are more than three; empty (no allocation) otherwise.
    private var spill: [Element] = []
    private(set) var count = 0

    @inline(__always)
    init() {}

    @inline(__always)
    init<S: Sequence<Element>>(_ elements: S) {
        for e in elements { append(e) }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count < 3 {
            inline[count] = element
        } else {
            if count == 3 {
                // Moved, not copied: a reference left inline would make `Graph.release` see a
                // tensor as shared and leave its graph to a recursive deinit.
                spill.reserveCapacity(4)
                for i in 0..<3 { spill.append(inline[i].take()!) }
            }
            spill.append(element)
        }
        count += 1
    }

    /// Removes and returns the last element, or nil when there is none.
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        guard count >= 3 else { return inline[count].take() }
        let last = spill.removeLast()
        if count == 3 {
            for i in 0..<3 { inline[i] = spill[i] }
            spill = []
        }
        return last
    }
}

extension SmallArray: RandomAccessCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            precondition(i >= 0 && i < count, "SmallArray index \(i) out of range for \(count) elements")
            return count <= 3 ? inline[i]! : spill[i]
        }
    }
}

extension SmallArray {
    /// One, two or three elements, without a literal's variadic array (see `Op.gradients`).
    @inline(__always)
    init(_ a: Element) { append(a) }

    @inline(__always)
    init(_ a: Element, _ b: Element) {
        append(a)
        append(b)
    }

    @inline(__always)
    init(_ a: Element, _ b: Element, _ c: Element) {
        append(a)
        append(b)
        append(c)
    }
}

extension SmallArray: ExpressibleByArrayLiteral {
    @inline(__always)
    init(arrayLiteral elements: Element...) { self.init(elements) }
}
