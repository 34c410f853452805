/// The locals of one running function (or cell): slots on the interpreter's value stack,
/// plus the cells of variables shared with inner functions.
struct Frame {
    let slots: UnsafeMutablePointer<Value?>
    /// Own cells, then the function's captured cells; nil for most functions, which then
    /// cost no array to make and release.
    private var cells: ContiguousArray<ClosureCell>?

    init(slots: UnsafeMutablePointer<Value?>, cells: ContiguousArray<ClosureCell>? = nil) {
        self.slots = slots
        self.cells = cells
    }

    /// Closure cell `i`; compiled code asks only for cells its scope has.
    @inline(__always)
    func cell(_ i: Int) -> ClosureCell { cells.unsafelyUnwrapped[i] }
}

/// What a statement tells the block around it.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}


/// The value stack that frames live on: one allocation, never moved, so a call costs no malloc.
final class ValueStack {
    private let base: UnsafeMutablePointer<Value?>
    private let capacity: Int
    @exclusivity(unchecked) private var top = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: top)
        base.deallocate()
    }

    @inline(__always)
    func push(_ n: Int) throws -> UnsafeMutablePointer<Value?> {
        guard top + n <= capacity else { throw ValueStack.full() }
        let p = base + top
        p.initialize(repeating: nil, count: n)
        top += n
        return p
    }

    @inline(never)
    private static func full() -> ScriptError {
        ScriptError("RecursionError", "maximum recursion depth exceeded (the interpreter's stack is full)")
    }

    @inline(__always)
    func pop(_ n: Int) {
        top -= n
        // One slot at a time, and only slots that hold a reference: `deinitialize(count:)` goes
        // through the runtime's generic `swift_arrayDestroy`, which costs more than the call it
        // frames, and numbers need no destroying.
        for i in top..<(top + n) {
            switch base[i] {
            case nil, .none?, .bool?, .int?, .float?: break
            default: _ = (base + i).move()
            }
        }
    }

    /// Drops every frame (after an error unwound them all).
    func reset() {
        base.deinitialize(count: top)
        top = 0
    }
}

/// The session's global names: resolved to indices at compile time, so a global read is one
/// array access. New names get new slots; builtins fill the first ones and come back on `del`.
/// Every write goes through `store`.
package final class Globals {
    private(set) var names: [String] = []
    private var indexByName: [String: Int] = [:]
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<Value?>
    /// The values by index, read-only: every write goes through `store`.
    var values: UnsafePointer<Value?> { UnsafePointer(storage) }
    /// For each global that holds a user function, that function unretained: a call of a global
    /// function enters it without the atomic retain and release that copying the `Value` costs.
    /// Sound because the slot keeps the function alive until every call that read it here has
    /// returned: `store` is the only writer, and while any call runs it keeps a function it
    /// replaces alive in `retired`.
    @exclusivity(unchecked) private var functions: UnsafeMutablePointer<Unmanaged<Function>?>
    /// Functions replaced in a global while a call was running (one of them may be that call's
    /// own): freed by the next store made when no call runs. Expressions store no global, so
    /// that store is a statement of module-level code, after every call that read one returned.
    @exclusivity(unchecked) private var retired: [Function] = []
    /// How many calls are running (`Interpreter.depth`).
    @exclusivity(unchecked) var callDepth = 0
    private var capacity = 1024
    private(set) var builtins: [Value?] = []

    init() {
        storage = .allocate(capacity: capacity)
        functions = .allocate(capacity: capacity)
    }

    deinit {
        // Through Teardown: a deeply nested value alive at exit must not overflow the stack of
        // whichever thread frees the session.
        var values = (0..<names.count).compactMap { storage[$0] }
        storage.deinitialize(count: names.count)
        Teardown.release(&values)
        storage.deallocate()
        functions.deallocate()
    }

    /// The one write of a global. Module-level code stores with no call running; a store made
    /// while calls run (from a function, or a built-in one calls) keeps the function it replaces.
    @inline(__always)
    func store(_ g: Int, _ v: Value?) {
        if callDepth > 0 || !retired.isEmpty { settleRetired(g) }
        if case .function(let f)? = v { functions[g] = .passUnretained(f) } else { functions[g] = nil }
        storage[g] = v
    }

    /// Keeps the function global `g` holds, if a call runs; frees those kept, if none does.
    @inline(never)
    private func settleRetired(_ g: Int) {
        if callDepth == 0 {
            retired.removeAll()
        } else if let old = functions[g] {
            retired.append(old.takeUnretainedValue())
        }
    }

    /// The user function global `g` holds if a positional call of `arity` arguments binds
    /// straight into its slots; unretained (see `functions`).
    @inline(__always)
    func directFunction(_ g: Int, arity: Int) -> Unmanaged<Function>? {
        guard let f = functions[g], f._withUnsafeGuaranteedRef({ $0.directArity }) == arity else { return nil }
        return f
    }

    func index(_ name: String) -> Int {
        if let i = indexByName[name] { return i }
        if names.count == capacity {
            capacity *= 2
            storage = Globals.moved(storage, count: names.count, capacity: capacity)
            functions = Globals.moved(functions, count: names.count, capacity: capacity)
        }
        let i = names.count
        names.append(name)
        indexByName[name] = i
        (storage + i).initialize(to: nil)
        (functions + i).initialize(to: nil)
        builtins.append(nil)
        return i
    }

    package func lookup(_ name: String) -> Value? {
        guard let i = indexByName[name] else { return nil }
        return values[i]
    }

    /// The first `count` elements of `old` moved into a new buffer of `capacity`; `old` is freed.
    private static func moved<T>(_ old: UnsafeMutablePointer<T>, count: Int, capacity: Int) -> UnsafeMutablePointer<T> {
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        bigger.moveInitialize(from: old, count: count)
        old.deallocate()
        return bigger
    }

    func defineBuiltin(_ name: String, _ value: Value) {
        let i = index(name)
        store(i, value)
        builtins[i] = value
    }

    func set(_ name: String, _ value: Value?) { store(index(name), value) }

    /// Names bound now (user names and builtins).
    var boundNames: [String] { names.indices.filter { values[$0] != nil }.map { names[$0] } }

    /// Names the user bound (not builtins left as they were).
    package var userNames: [String] {
        names.indices.filter {
            guard let v = values[$0] else { return false }
            if let b = builtins[$0] { return !Operators.identical(v, b) }
            return true
        }.map { names[$0] }
    }
}
