/// A Descent value. The scalar cases (`none`, `bool`, `int`, `float`) carry no reference, so
/// arithmetic on them costs no retain or release; containers and library values are references.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case list(ListBox)
    case tuple([Value])
    case dict(DictBox)
    case range(RangeValue)
    case function(Function)
    case builtin(Builtin)
    case method(BoundMethod)
    case tensor(any TensorObject)
    case object(LibraryObject)

    /// The name `type(x)` reports.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .range: return "range"
        case .function: return "function"
        case .builtin: return "builtin_function"
        case .method: return "method"
        case .tensor(let t): return t.typeName
        case .object(let o): return o.typeName
        }
    }

    package var isNone: Bool { if case .none = self { return true } else { return false } }
}

/// A mutable list shared by every name that refers to it, as in Python.
public final class ListBox {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit { Teardown.release(&items) }
}

/// Frees nested containers with a loop instead of recursion: Swift's deinit of a list inside a
/// list inside ... (`x = [x]` ten million times) would otherwise overflow the stack.
enum Teardown {
    /// Empties `items`, first taking the children of every container only it still holds, so
    /// that each container freed here has nothing left to free recursively.
    static func release(_ items: inout [Value]) {
        guard items.contains(where: \.holdsContainers) else { return }
        var pending = items
        items = []
        while var next = pending.popLast() {
            if var box = take(&next, { if case .list(let b) = $0 { b } else { nil } }) {
                if isKnownUniquelyReferenced(&box) { pending += box.items; box.items = [] }
            } else if var box = take(&next, { if case .dict(let b) = $0 { b } else { nil } }) {
                if isKnownUniquelyReferenced(&box) { pending += box.takeAll() }
            } else if case .tuple(let children) = next {
                pending += children
            }
        }
    }

    /// The box `extract` finds in `value`, with `value` cleared so that it holds no second
    /// reference (pattern bindings in a `switch` keep their subject alive to the end of the case).
    private static func take<Box: AnyObject>(_ value: inout Value, _ extract: (Value) -> Box?) -> Box? {
        guard let box = extract(value) else { return nil }
        value = .none
        return box
    }
}

extension Value {
    /// Whether freeing this value may free further containers (checked one level deep only).
    var holdsContainers: Bool {
        switch self {
        case .list, .dict: return true
        case .tuple(let t): return !t.isEmpty
        default: return false
        }
    }
}

/// An insertion-ordered dictionary with hashable keys (numbers, strings, tuples of them).
public final class DictBox {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [DictKey: Int] = [:]

    public init() {}

    deinit {
        var all = takeAll()
        Teardown.release(&all)
    }

    /// Removes every entry and returns the keys and values, for `Teardown`.
    func takeAll() -> [Value] {
        let all = keys + values
        keys = []
        values = []
        index = [:]
        return all
    }

    public var count: Int { keys.count }

    func get(_ key: Value) throws -> Value? {
        guard let i = index[try DictKey(key)] else { return nil }
        return values[i]
    }

    package func set(_ key: Value, _ value: Value) throws {
        let k = try DictKey(key)
        if let i = index[k] {
            values[i] = value
        } else {
            index[k] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    @discardableResult
    func remove(_ key: Value) throws -> Value? {
        let k = try DictKey(key)
        guard let i = index.removeValue(forKey: k) else { return nil }
        keys.remove(at: i)
        let v = values.remove(at: i)
        for j in i..<keys.count { index[try DictKey(keys[j])] = j }
        return v
    }

    func contains(_ key: Value) throws -> Bool { index[try DictKey(key)] != nil }
}

/// The hashable form of a dictionary key: `1`, `1.0` and `True` are the same key, as in Python.
enum DictKey: Hashable {
    case int(Int)
    case float(Double)
    case str(String)
    case none
    case tuple([DictKey])
    case identity(ObjectIdentifier)

    init(_ v: Value, depth: Int = 0) throws {
        guard depth < Operators.maxNesting else { throw Operators.nestingError("hashing") }
        switch v {
        case .int(let i): self = .int(i)
        case .bool(let b): self = .int(b ? 1 : 0)
        case .float(let d): self = d == d.rounded() && abs(d) < 9e18 ? .int(Int(d)) : .float(d)
        case .str(let s): self = .str(s)
        case .none: self = .none
        case .tuple(let items): self = .tuple(try items.map { try DictKey($0, depth: depth + 1) })
        case .function(let f): self = .identity(ObjectIdentifier(f))
        case .builtin(let b): self = .identity(ObjectIdentifier(b))
        case .tensor(let t): self = .identity(ObjectIdentifier(t))
        case .object(let o): self = .identity(ObjectIdentifier(o))
        default: throw ScriptError.type("unhashable type: '\(v.typeName)'")
        }
    }
}

/// `range(start, stop, step)`: iterated, indexed, sliced and measured lazily, never materialized.
public struct RangeValue {
    public var start: Int
    public var stop: Int
    public var step: Int

    package init(start: Int, stop: Int, step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// The number of elements, computed in unsigned arithmetic (the distance from `start` to
    /// `stop` can exceed `Int.max`); nil when the count itself does (`range(-2**62, 2**62)`).
    public var exactCount: Int? {
        let distance = step > 0 ? (start < stop ? UInt(bitPattern: stop &- start) : 0)
                                : (start > stop ? UInt(bitPattern: start &- stop) : 0)
        guard distance > 0 else { return 0 }
        return Int(exactly: (distance - 1) / step.magnitude + 1)
    }

    /// `len(range)`: an OverflowError, as in CPython, when the length does not fit in an int.
    public func length() throws -> Int {
        guard let n = exactCount else { throw ScriptError("OverflowError", "range has more than \(Int.max) elements") }
        return n
    }

    var isEmpty: Bool { step > 0 ? start >= stop : start <= stop }

    /// The element at `i`, for `0 <= i < count` (then it lies between start and stop, so it fits).
    func element(_ i: Int) -> Int { start &+ i &* step }

    /// Whether `i` is one of the elements, without overflow however far apart the bounds are.
    func contains(_ i: Int) -> Bool {
        if step > 0 { return i >= start && i < stop && UInt(bitPattern: i &- start) % step.magnitude == 0 }
        return i <= start && i > stop && UInt(bitPattern: start &- i) % step.magnitude == 0
    }

    /// Runs `body` on each element in order until it returns false: how `for` statements,
    /// comprehensions and built-ins walk a range, without making a list.
    @inline(__always)
    func forEachElement(_ body: (Int) throws -> Bool) rethrows {
        var i = start
        while step > 0 ? i < stop : i > stop {
            if try !body(i) { return }
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { return }
            i = next
        }
    }
}

/// A variable captured by an inner function: both scopes share the cell.
final class ClosureCell {
    var value: Value?
    init(_ value: Value? = nil) { self.value = value }
}

/// A user function: compiled code, evaluated defaults and the cells it closed over.
public final class Function {
    let code: FunctionCode
    let defaults: [Value?]
    let captured: [ClosureCell]
    /// Whether a call makes cells: for variables shared with inner functions, or captured ones.
    let needsCells: Bool
    /// `code`'s, kept here too so that a call reads them without going through `code`.
    let directArity: Int, slotCount: Int
    /// The parameters with this function's default values.
    let signature: Signature

    init(code: FunctionCode, defaults: [Value?], captured: [ClosureCell]) {
        self.code = code
        self.defaults = defaults
        self.captured = captured
        needsCells = code.ownCellCount > 0 || !captured.isEmpty
        directArity = code.directArity
        slotCount = code.slotCount
        signature = code.signature(defaults: defaults)
    }

    public var name: String { code.name }
}

/// A method looked up on a value: calling it passes the value as the receiver.
public final class BoundMethod {
    let receiver: Value
    package let builtin: Builtin

    package init(receiver: Value, builtin: Builtin) {
        self.receiver = receiver
        self.builtin = builtin
    }
}
