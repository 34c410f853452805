import Interruption

/// One item of a subscript: a value, a slice or `...`.
public enum SubscriptItem {
    case value(Value)
    case slice(Int?, Int?, Int?)
    case ellipsis
}

/// What is inside `x[...]`: one value, or items separated by commas / containing slices.
public enum Subscript {
    case single(Value)
    case items([SubscriptItem])
}

/// Indexing, attributes and iteration on values.
package enum Access {
    static func sliceBound(_ v: Value, isStep: Bool) throws -> Int? {
        switch v {
        case .none: return nil
        case .int(let i):
            if isStep && i == 0 { throw ScriptError.value("slice step cannot be zero") }
            return i
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t):
            if let i = try t.integerItem() { return i }
            fallthrough
        default: throw ScriptError.type("slice indices must be integers or None, not \(v.typeName)")
        }
    }

    /// A Python index into a sequence of `count`, negative from the end, checked.
    package static func position(_ v: Value, count: Int, what: String) throws -> Int {
        guard let i = Operators.integer(v) ?? {
            if case .tensor(let t) = v { return (try? t.integerItem()) ?? nil }
            return nil
        }() else {
            throw ScriptError.type("\(what) indices must be integers or slices, not \(v.typeName)")
        }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw ScriptError.index("\(what) index \(i) is out of range for length \(count)")
        }
        return j
    }

    /// The positions a slice selects from a sequence of `count`, with Python's clipping, as a
    /// range of positions (so a slice of a huge range is never materialized).
    static func sliceRange(_ start: Int?, _ stop: Int?, _ step: Int?, count: Int) -> RangeValue {
        let step = step ?? 1
        func clip(_ v: Int?, _ dflt: Int, _ lo: Int, _ hi: Int) -> Int {
            guard var x = v else { return dflt }
            if x < 0 { x += count }
            return Swift.min(Swift.max(x, lo), hi)
        }
        if step > 0 { return RangeValue(start: clip(start, 0, 0, count), stop: clip(stop, count, 0, count), step: step) }
        return RangeValue(start: clip(start, count - 1, -1, count - 1), stop: clip(stop, -1, -1, count - 1), step: step)
    }

    /// The positions a slice selects from a sequence of `count` elements that exist.
    package static func slicePositions(_ start: Int?, _ stop: Int?, _ step: Int?, count: Int) -> [Int] {
        let r = sliceRange(start, stop, step, count: count)
        var out: [Int] = []
        r.forEachElement { out.append($0); return true }
        return out
    }

    package static func getItem(_ container: Value, _ sub: Subscript) throws -> Value {
        switch (container, sub) {
        case (.tensor(let t), _): return try t.subscriptItem(sub)
        case (.dict(let d), .single(let key)):
            guard let v = try d.get(key) else { throw ScriptError.key(repr(key)) }
            return v
        case (.dict(let d), .items(let items)):
            let key = Value.tuple(try items.map { item -> Value in
                guard case .value(let v) = item else { throw ScriptError.type("unhashable type: 'slice'") }
                return v
            })
            guard let v = try d.get(key) else { throw ScriptError.key(repr(key)) }
            return v
        case (.object(let o as IndexableObject), _): return try o.item(sub)
        case (.range(let r), _): return try rangeItem(r, sub)
        default: break
        }
        let items = try elements(container, forIndexing: true)
        switch sub {
        case .single(let v):
            let i = try position(v, count: items.count, what: container.typeName)
            return items[i]
        case .items(let list):
            guard list.count == 1, case .slice(let a, let b, let c) = list[0] else {
                throw ScriptError.type("\(container.typeName) indices must be integers or slices, not tuple")
            }
            let picked = slicePositions(a, b, c, count: items.count).map { items[$0] }
            switch container {
            case .str: return .str(picked.map(str).joined())
            case .tuple: return .tuple(picked)
            default: return .list(ListBox(picked))
            }
        }
    }

    /// `range[i]` and `range[a:b:c]` by arithmetic: `range(10**10)[0]` makes nothing.
    private static func rangeItem(_ r: RangeValue, _ sub: Subscript) throws -> Value {
        let count = try r.length()
        switch sub {
        case .single(let v): return .int(r.element(try position(v, count: count, what: "range object")))
        case .items(let list):
            guard list.count == 1, case .slice(let a, let b, let c) = list[0] else {
                throw ScriptError.type("range indices must be integers or slices, not tuple")
            }
            let positions = sliceRange(a, b, c, count: count)
            guard let n = positions.exactCount, n > 0 else { return .range(RangeValue(start: 0, stop: 0, step: 1)) }
            let first = r.element(positions.start)
            guard n > 1 else { return .range(RangeValue(start: first, stop: first + (r.step > 0 ? 1 : -1), step: r.step)) }
            let (step, overflow) = r.step.multipliedReportingOverflow(by: positions.step)
            guard !overflow else { throw ScriptError("OverflowError", "the step of this range slice does not fit in an int") }
            let last = r.element(positions.start + (n - 1) * positions.step)
            return .range(RangeValue(start: first, stop: last + (step > 0 ? 1 : -1), step: step))
        }
    }

    /// Elements of a sequence that can be indexed (lists, tuples, strings, ranges).
    private static func elements(_ v: Value, forIndexing: Bool) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .str(let s): return s.map { .str(String($0)) }
        case .range(let r):
            let n = try r.length()
            try Memory.check(n, of: MemoryLayout<Value>.stride, for: "range")
            return (0..<n).map { .int(r.element($0)) }
        default: throw ScriptError.type("'\(v.typeName)' object is not subscriptable")
        }
    }

    static func setItem(_ container: Value, _ sub: Subscript, _ value: Value) throws {
        switch (container, sub) {
        case (.list(let l), .single(let i)):
            l.items[try position(i, count: l.items.count, what: "list assignment")] = value
        case (.list(let l), .items(let items)):
            guard items.count == 1, case .slice(let a, let b, let c) = items[0] else {
                throw ScriptError.type("list indices must be integers or slices, not tuple")
            }
            let positions = slicePositions(a, b, c, count: l.items.count)
            let replacement = try sequence(value)
            if (c ?? 1) == 1 {
                let lo = positions.first ?? Swift.min(Swift.max((a ?? 0) < 0 ? (a ?? 0) + l.items.count : (a ?? 0), 0), l.items.count)
                l.items.replaceSubrange(lo..<(lo + positions.count), with: replacement)
            } else {
                guard replacement.count == positions.count else {
                    throw ScriptError.value("attempt to assign sequence of size \(replacement.count) to extended slice of size \(positions.count)")
                }
                for (p, v) in zip(positions, replacement) { l.items[p] = v }
            }
        case (.dict(let d), .single(let key)): try d.set(key, value)
        case (.dict(let d), .items(let items)):
            try d.set(.tuple(items.map { if case .value(let v) = $0 { return v } else { return .none } }), value)
        case (.tensor(let t), _): try t.setSubscriptItem(sub, value)
        default:
            throw ScriptError.type("'\(container.typeName)' object does not support item assignment")
        }
    }

    static func deleteItem(_ container: Value, _ sub: Subscript) throws {
        switch (container, sub) {
        case (.list(let l), .single(let i)):
            l.items.remove(at: try position(i, count: l.items.count, what: "list"))
        case (.list(let l), .items(let items)):
            guard items.count == 1, case .slice(let a, let b, let c) = items[0] else {
                throw ScriptError.type("list indices must be integers or slices, not tuple")
            }
            for p in slicePositions(a, b, c, count: l.items.count).sorted(by: >) { l.items.remove(at: p) }
        case (.dict(let d), .single(let key)):
            guard try d.remove(key) != nil else { throw ScriptError.key(repr(key)) }
        default:
            throw ScriptError.type("'\(container.typeName)' object does not support item deletion")
        }
    }

    /// The built-in method `name` of a str, list, dict or tensor, without binding it.
    static func method(of v: Value, _ name: String) -> Builtin? {
        switch v {
        case .str: return Methods.string[name]
        case .list: return Methods.list[name]
        case .dict: return Methods.dict[name]
        case .tuple: return Methods.tuple[name]
        case .tensor(let t): return t.method(name)
        case .object(let o): return o.method(name)
        default: return nil
        }
    }

    /// Names for `dir()` and completion after a dot.
    package static func attributeNames(_ v: Value) -> [String] {
        switch v {
        case .str: return Methods.string.keys.sorted()
        case .list: return Methods.list.keys.sorted()
        case .dict: return Methods.dict.keys.sorted()
        case .tuple: return Methods.tuple.keys.sorted()
        case .tensor(let t): return t.attributeNames.sorted()
        case .object(let o): return o.attributeNames.sorted()
        case .function: return ["__doc__", "__name__"]
        default: return []
        }
    }

    static func attribute(_ v: Value, _ name: String) throws -> Value {
        if let m = method(of: v, name) { return .method(BoundMethod(receiver: v, builtin: m)) }
        switch v {
        case .tensor(let t):
            if let p = try t.attribute(name) { return p }
        case .object(let o):
            if let a = try o.attribute(name) { return a }
        case .function(let f):
            if name == "__name__" { return .str(f.name) }
            if name == "__doc__" { return f.code.doc.map { .str($0) } ?? Value.none }
        case .builtin(let b):
            if name == "__name__" { return .str(b.name) }
            if name == "__doc__" { return .str(b.doc) }
        default: break
        }
        var message = "'\(v.typeName)' object has no attribute '\(name)'"
        if let close = closestName(name, attributeNames(v)) { message += ". Did you mean '\(close)'?" }
        throw ScriptError.attribute(message)
    }

    static func setAttribute(_ v: Value, _ name: String, _ value: Value) throws {
        switch v {
        case .tensor(let t): try t.setAttribute(name, value)
        case .object(let o): try o.setAttribute(name, value)
        default: throw ScriptError.attribute("'\(v.typeName)' object attribute '\(name)' is read-only")
        }
    }

    /// Calls `body` with each element; `body` returns false to stop. Lists are read live, so
    /// appending while looping behaves as in Python.
    static func forEach(_ v: Value, _ body: (Value) throws -> Bool) throws {
        switch v {
        case .range(let r):
            try r.forEachElement { try body(.int($0)) }
        case .list(let l):
            var i = 0
            while i < l.items.count {
                if try !body(l.items[i]) { return }
                i += 1
            }
        case .tuple(let items):
            for item in items where try !body(item) { return }
        case .str(let s):
            for c in s where try !body(.str(String(c))) { return }
        case .dict(let d):
            for k in d.keys where try !body(k) { return }
        case .tensor(let t):
            try t.forEachAlongFirstAxis(body)
        case .object(let o as IterableObject):
            let next = try o.makeIterator()
            while let item = try next() { if try !body(item) { return } }
        default:
            throw ScriptError.type("'\(v.typeName)' object is not iterable")
        }
    }

    /// All elements of an iterable.
    package static func sequence(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .range: return try elements(v, forIndexing: false)
        default:
            var out: [Value] = []
            try forEach(v) { out.append($0); return true }
            return out
        }
    }

    /// `a, b = value`: exactly `count` elements.
    package static func unpack(_ v: Value, count: Int) throws -> [Value] {
        let items = try sequence(v)
        if items.count < count { throw ScriptError.value("not enough values to unpack (expected \(count), got \(items.count))") }
        if items.count > count { throw ScriptError.value("too many values to unpack (expected \(count), got \(items.count))") }
        return items
    }

    /// `len(x)`.
    package static func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .range(let r): return try r.length()
        case .tensor(let t): return try t.firstAxisLength()
        case .object(let o as SizedObject): return o.count
        default: throw ScriptError.type("object of type '\(v.typeName)' has no len()")
        }
    }
}

/// A library value that supports `x[i]` (networks, data sets).
public protocol IndexableObject: LibraryObject {
    func item(_ sub: Subscript) throws -> Value
}

/// A library value that supports `for x in v` (batches).
public protocol IterableObject: LibraryObject {
    /// Returns the next element each call, nil at the end.
    func makeIterator() throws -> () throws -> Value?
}

/// A library value that supports `len(v)`.
public protocol SizedObject: LibraryObject {
    var count: Int { get }
}

extension Operators {
    /// `a op= b`: lists extend in place, tensors update in place (so a parameter keeps its
    /// identity; legal inside `no_grad` or on tensors that do not require gradients).
    static func inPlace(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        switch (op, a) {
        case (.add, .list(let l)):
            let more = try Access.sequence(b)
            try Memory.check(l.items.count + more.count, of: MemoryLayout<Value>.stride, for: "list +=")
            l.items += more
            return a
        case (_, .tensor(let t)):
            try t.updateInPlace(op, b)
            return a
        default:
            return try binary(op, a, b)
        }
    }
}
