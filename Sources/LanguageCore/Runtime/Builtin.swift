/// One parameter of a built-in's signature.
public struct BuiltinParameter {
    public enum Kind { case normal, keywordOnly, varargs, varkw }
    public var name: String
    public var kind: Kind
    /// nil: required.
    public var defaultValue: Value?
}

/// The signature of a function: names, kinds and defaults. Binds calls, renders `help()`.
public struct Signature {
    public var parameters: [BuiltinParameter]

    /// Parses a Python-style parameter list: `"x, axis=-1, *, keepdims=False"`, `"*tensors"`.
    /// Defaults are literal ints, floats, strings, `True`, `False` and `None`.
    public init(_ text: String) {
        var params: [BuiltinParameter] = []
        var keywordOnly = false
        for raw in Signature.splitTopLevel(text) {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if part == "*" { keywordOnly = true; continue }
            if part.hasPrefix("**") { params.append(.init(name: String(part.dropFirst(2)), kind: .varkw)); continue }
            if part.hasPrefix("*") {
                params.append(.init(name: String(part.dropFirst()), kind: .varargs))
                keywordOnly = true
                continue
            }
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let kind: BuiltinParameter.Kind = keywordOnly ? .keywordOnly : .normal
            params.append(.init(name: pieces[0], kind: kind, defaultValue: pieces.count > 1 ? Signature.literal(pieces[1]) : nil))
        }
        parameters = params
    }

    init(parameters: [BuiltinParameter]) { self.parameters = parameters }

    private static func splitTopLevel(_ s: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for c in s {
            if c == "(" || c == "[" { depth += 1 } else if c == ")" || c == "]" { depth -= 1 }
            if c == "," && depth == 0 { out.append(current); current = "" } else { current.append(c) }
        }
        out.append(current)
        return out
    }

    private static func literal(_ s: String) -> Value {
        switch s {
        case "None": return .none
        case "True": return .bool(true)
        case "False": return .bool(false)
        default:
            if let i = Int(s) { return .int(i) }
            if let d = Double(s) { return .float(d) }
            if s.count >= 2, s.first == "\"" || s.first == "'" { return .str(String(s.dropFirst().dropLast())) }
            return .str(s)
        }
    }

    /// `(x, axis=-1, *, keepdims=False)`.
    public var text: String {
        var parts: [String] = []
        var starred = false
        for p in parameters {
            switch p.kind {
            case .varargs: parts.append("*" + p.name); starred = true
            case .varkw: parts.append("**" + p.name)
            case .keywordOnly where !starred:
                parts.append("*"); starred = true
                fallthrough
            default:
                if let d = p.defaultValue { parts.append("\(p.name)=\(repr(d))") } else { parts.append(p.name) }
            }
        }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// Matches the arguments a call passes to parameters, writing each parameter's value into
    /// `out` (one slot per parameter, nil on entry) and filling defaults.
    /// Errors say which function, which name, and suggest the closest parameter name.
    func bind(_ name: String, _ passed: PassedArguments, into out: UnsafeMutablePointer<Value?>) throws {
        let positionalCount = parameters.prefix { $0.kind == .normal }.count
        let varargsIndex = parameters.firstIndex { $0.kind == .varargs }
        let varkwIndex = parameters.firstIndex { $0.kind == .varkw }
        let given = passed.positionalCount
        if given > positionalCount && varargsIndex == nil {
            throw ScriptError.type("\(name)() takes \(positionalCount) positional argument\(positionalCount == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
        }
        for i in 0..<Swift.min(given, positionalCount) { out[i] = passed[i] }
        // Made only for a `*args` or `**kwargs` parameter: most calls have none.
        if let vi = varargsIndex { out[vi] = .tuple((positionalCount..<Swift.max(given, positionalCount)).map { passed[$0] }) }
        let extra = varkwIndex.map { _ in DictBox() }
        for k in 0..<passed.keywords.count {
            let key = passed.keywords[k], v = passed[given + k]
            if let i = parameters.firstIndex(where: { $0.name == key && ($0.kind == .normal || $0.kind == .keywordOnly) }) {
                if out[i] != nil { throw ScriptError.type("\(name)() got multiple values for argument '\(key)'") }
                out[i] = v
            } else if let extra {
                try extra.set(.str(key), v)
            } else {
                let names = parameters.filter { $0.kind == .normal || $0.kind == .keywordOnly }.map(\.name)
                var message = "\(name)() got an unexpected keyword argument '\(key)'"
                if let close = closestName(key, names) { message += ". Did you mean '\(close)'?" }
                throw ScriptError.type(message)
            }
        }
        if let ki = varkwIndex, let extra { out[ki] = .dict(extra) }
        for (i, p) in parameters.enumerated() where out[i] == nil {
            if let d = p.defaultValue {
                out[i] = d
            } else if p.kind == .normal || p.kind == .keywordOnly {
                throw ScriptError.type("\(name)() missing required argument '\(p.name)'")
            }
        }
    }
}

/// The values a call passes, before they are bound to parameters: `count` values on the
/// interpreter's stack, the positional ones first, then one for each name in `keywords`.
/// A call site evaluates its arguments straight into these slots, so that a call of a built-in
/// builds no array; the caller pops them after the call.
struct PassedArguments {
    let values: UnsafeMutablePointer<Value?>
    let count: Int
    /// The keyword arguments' names, in order: the call site's own array, built once.
    let keywords: [String]

    var positionalCount: Int { count - keywords.count }

    subscript(_ i: Int) -> Value { values[i]! }
}

// @unchecked: every stored property is a constant set once in `init`, and a body captures
// only constants (the tables of built-ins are built once and then only read), so sharing a
// built-in between threads (sessions on different threads) shares nothing mutable.
/// A built-in function or method, declared once with its signature and documentation: the one
/// declaration serves calls, `help()`, completion and inspection.
public final class Builtin: @unchecked Sendable {
    public let name: String
    public let signature: Signature
    public let doc: String
    let body: (borrowing Arguments) throws -> Value

    /// - Parameters:
    ///   - signature: the parameters, Python style (`"x, axis=-1"`); methods omit `self`.
    ///   - doc: one summary line, then details; shown by `help()` and inspection.
    public init(_ name: String, _ signature: String, _ doc: String, _ body: @escaping (borrowing Arguments) throws -> Value) {
        self.name = name
        self.signature = Signature(signature)
        self.doc = doc
        self.body = body
    }

    /// `name(params)` and the documentation.
    public var helpText: String { "\(name)\(signature.text)\n\n\(doc)" }

    /// Binds `passed` into slots of its own on the interpreter's stack and runs the body;
    /// `name` replaces the built-in's in errors (a callable object's type: `Sequential()`).
    func call(_ ip: Interpreter, receiver: Value?, as name: String? = nil, _ passed: PassedArguments) throws -> Value {
        let n = signature.parameters.count
        let values = try ip.stack.push(n)
        defer { ip.stack.pop(n) }
        let name = name ?? self.name
        try signature.bind(name, passed, into: values)
        return try body(Arguments(name: name, signature: signature, values: values, receiver: receiver, interpreter: ip))
    }
}

/// The bound arguments of a built-in call, in parameter order, with typed accessors whose
/// errors name the function and the parameter.
///
/// Noncopyable, and borrowed by the body: its values live in the call's slots on the
/// interpreter's stack, popped when the body returns, so the compiler rejects a closure that
/// would keep them past the call (a widget's callback captures `a.session` instead).
public struct Arguments: ~Copyable {
    public let name: String
    let signature: Signature
    /// One slot per parameter, in the interpreter's stack, valid while the body runs.
    let values: UnsafeMutablePointer<Value?>
    /// The value a method was called on.
    public let receiver: Value?
    package let interpreter: Interpreter

    private func index(_ param: String) -> Int {
        signature.parameters.firstIndex { $0.name == param } ?? -1
    }

    /// The argument bound to `param` (None when absent).
    public subscript(_ param: String) -> Value {
        let i = index(param)
        return i >= 0 ? (values[i] ?? .none) : .none
    }

    public func isNone(_ param: String) -> Bool { self[param].isNone }

    package func wrongType(_ param: String, _ expected: String) -> ScriptError {
        .type("\(name)() argument '\(param)' must be \(expected), not \(self[param].typeName)")
    }

    public func int(_ param: String) throws -> Int {
        switch self[param] {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let d) where d == d.rounded() && abs(d) < 1e18: return Int(d)
        case .tensor(let t):
            if let i = try t.integerItem() { return i }
            fallthrough
        default: throw wrongType(param, "int")
        }
    }

    public func optionalInt(_ param: String) throws -> Int? { isNone(param) ? nil : try int(param) }

    public func double(_ param: String) throws -> Double {
        switch self[param] {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return try t.item()
        default: throw wrongType(param, "a number")
        }
    }

    public func optionalDouble(_ param: String) throws -> Double? { isNone(param) ? nil : try double(param) }

    public func bool(_ param: String) throws -> Bool { try truthy(self[param]) }

    public func string(_ param: String) throws -> String {
        guard case .str(let s) = self[param] else { throw wrongType(param, "str") }
        return s
    }

    /// Each element of `*args`.
    public func varargs(_ param: String) -> [Value] {
        if case .tuple(let items) = self[param] { return items }
        return []
    }

    /// Calls a Descent function value (a user function, built-in or callable object).
    public func call(_ f: Value, _ args: [Value], keywords: [(String, Value)] = []) throws -> Value {
        try interpreter.call(f, args, keywords)
    }

    /// Shows output as the cell's own (print, display, warnings).
    public func emit(_ output: Output) { interpreter.emit(output) }

    package var session: Interpreter { interpreter }
}
