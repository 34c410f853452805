import Interruption

/// The running state of a session: globals, the value stack, the call depth, and where output
/// goes. Compiled code and built-ins reach it for calls, output and input.
package final class Interpreter {
    package let globals = Globals()
    let stack = ValueStack(capacity: 1 << 20)
    /// How many calls are running; kept by `Globals`, whose stores must know it.
    var depth: Int {
        @inline(__always) get { globals.callDepth }
        @inline(__always) set { globals.callDepth = newValue }
    }
    /// The specialisations cells compiled from now on use; off only to check they change nothing.
    var specializations = Specializations.all
    /// Python's default; deeper recursion is a `RecursionError`.
    var recursionLimit = 1000
    /// Where `print`, `display` and warnings go.
    package var sink: (Output) -> Void = { _ in }
    /// Answers `input(prompt)`; nil means the front end cannot read input.
    package var inputHandler: ((String) throws -> String)?
    /// How training shows progress (see `Session.progress`).
    package var progress = ProgressStyle.notebook
    /// Seconds of training before progress shows (see `Session.progressDelay`).
    package var progressDelay = 0.5
    /// Display ids handed out by `display()`.
    var nextDisplayId = 0
    /// The source of every cell the session ran, in order, and whether it ended without an error
    /// (nil while it runs): what a cluster worker replays to rebuild the session.
    package var history: [(source: String, ok: Bool?)] = []
    /// What the library keeps per session and the core knows nothing of (widgets), by its type.
    package var libraryState: [ObjectIdentifier: AnyObject] = [:]

    package func emit(_ output: Output) { sink(output) }

    package func newDisplayId() -> String {
        nextDisplayId += 1
        return "descent-display-\(nextDisplayId)"
    }

    /// Calls any callable value with positional and keyword arguments: how built-ins call a
    /// value they were given (a callback, a function to plot).
    package func call(_ callee: Value, _ args: [Value], _ keywords: [(String, Value)] = []) throws -> Value {
        try passing(args, keywords) { try call(callee, $0) }
    }

    /// Copies arguments held in arrays onto the stack for the length of `body`.
    func passing<R>(_ args: [Value], _ keywords: [(String, Value)], _ body: (PassedArguments) throws -> R) throws -> R {
        let n = args.count + keywords.count
        let values = try stack.push(n)
        defer { stack.pop(n) }
        for (i, v) in args.enumerated() { values[i] = v }
        for (i, (_, v)) in keywords.enumerated() { values[args.count + i] = v }
        return try body(PassedArguments(values: values, count: n, keywords: keywords.map(\.0)))
    }

    /// Calls any callable value with the arguments a call site evaluated onto the stack.
    func call(_ callee: Value, _ passed: PassedArguments) throws -> Value {
        switch callee {
        case .function(let f): return try invoke(f, passed)
        case .builtin(let b): return try b.call(self, receiver: nil, passed)
        case .method(let m): return try m.builtin.call(self, receiver: m.receiver, passed)
        case .object(let o):
            guard let b = o.callable else { throw ScriptError.type("'\(o.typeName)' object is not callable") }
            return try b.call(self, receiver: callee, as: o.typeName, passed)
        default:
            throw ScriptError.type("'\(callee.typeName)' object is not callable")
        }
    }

    /// Binds arguments into a fresh frame and runs a user function.
    private func invoke(_ f: Function, _ passed: PassedArguments) throws -> Value {
        let code = f.code
        let n = code.slotCount
        let slots = try stack.push(n)
        defer { stack.pop(n) }
        if passed.keywords.isEmpty && passed.count == code.directArity {
            for i in 0..<passed.count { slots[i] = passed[i] }
        } else {
            try f.signature.bind(code.name, passed, into: slots)
        }
        return try withExtendedLifetime(f) { try run(.passUnretained(f), slots) }
    }

    /// Calls a user function whose arguments `bind` writes straight into the slots of its new
    /// frame (a positional call of as many arguments as it has parameters): how compiled call
    /// sites call, where `call` is how built-ins call any value. The caller keeps `fn` alive:
    /// a global holds it (see `Globals.functions`), or `withExtendedLifetime`.
    @inline(__always)
    func callDirect(_ fn: Unmanaged<Function>, _ at: SourceLocation, _ bind: (UnsafeMutablePointer<Value?>) throws -> Void) throws -> Value {
        let n = fn._withUnsafeGuaranteedRef { $0.slotCount }
        let slots: UnsafeMutablePointer<Value?>
        do { slots = try stack.push(n) } catch { throw at.locate(error) }
        // Pops written out rather than in a `defer`, which the optimizer kept out of line.
        do { try bind(slots) } catch {
            stack.pop(n)
            throw error
        }
        let result: Value
        do { result = try run(fn, slots) } catch {
            stack.pop(n)
            throw at.locate(error)
        }
        stack.pop(n)
        return result
    }

    /// Runs a function whose arguments are already in `slots`. Unmanaged, so a call of a global
    /// function costs no retain; the caller keeps `fn` alive.
    @inline(__always)
    func run(_ fn: Unmanaged<Function>, _ slots: UnsafeMutablePointer<Value?>) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > recursionLimit { try recursionError(fn) }
        if Interrupt.isRequested { try interruption() }
        var frame = Frame(slots: slots, cells: fn._withUnsafeGuaranteedRef { $0.needsCells ? cells(of: $0, slots) : nil })
        do {
            return try fn._withUnsafeGuaranteedRef { try $0.code.run(&frame) }
        } catch {
            throw leavingCall(error)
        }
    }

    // The error paths of `run`, kept out of line so that a call's own frame stays small.

    @inline(never)
    private func recursionError(_ fn: Unmanaged<Function>) throws -> Never {
        throw ScriptError("RecursionError", "maximum recursion depth exceeded (limit \(recursionLimit)) in '\(fn._withUnsafeGuaranteedRef { $0.name })'")
    }

    @inline(never)
    private func interruption() throws {
        if Interrupt.take() { throw ScriptError.interrupted }
    }

    /// A script error leaving a function waits for its call site's location.
    @inline(never)
    private func leavingCall(_ error: Error) -> Error {
        guard var e = error as? ScriptError else { return error }
        e.awaitingCallSite = true
        return e
    }

    /// A frame's cells: new ones for the variables the function shares with inner functions
    /// (parameters among them start with the argument), then those it closed over.
    private func cells(of f: Function, _ slots: UnsafeMutablePointer<Value?>) -> ContiguousArray<ClosureCell> {
        let code = f.code
        var cells = ContiguousArray<ClosureCell>()
        cells.reserveCapacity(code.ownCellCount + f.captured.count)
        for _ in 0..<code.ownCellCount { cells.append(ClosureCell()) }
        for (slot, cell) in code.parameterCells { cells[cell].value = slots[slot] }
        cells += f.captured
        return cells
    }
}
