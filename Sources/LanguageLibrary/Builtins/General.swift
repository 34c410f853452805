import Engine
import Foundation
import Interruption
import LanguageCore

/// print, len, range, min, max, sorted, help... the Python built-ins of LANGUAGE.md section 3.
enum GeneralBuiltins {
    static func iterable(_ a: borrowing Arguments, _ param: String) throws -> [Value] { try Access.sequence(a[param]) }

    /// min and max: over one iterable or over the arguments, by `key`.
    private static func extreme(_ a: borrowing Arguments, largest: Bool) throws -> Value {
        let args = a.varargs("args")
        let items = args.count == 1 ? try Access.sequence(args[0]) : args
        guard var best = items.first else {
            if !a.isNone("default") { return a["default"] }
            throw ScriptError.value("\(a.name)() arg is an empty sequence")
        }
        let key = a["key"]
        var bestKey = key.isNone ? best : try a.call(key, [best])
        for item in items.dropFirst() {
            let k = key.isNone ? item : try a.call(key, [item])
            if largest ? try Operators.less(bestKey, k) : try Operators.less(k, bestKey) {
                best = item
                bestKey = k
            }
        }
        return best
    }

    /// The zero of `perf_counter`.
    private static let epoch = ContinuousClock.now

    static let builtins: [Builtin] = [
        Builtin("print", "*args, sep=' ', end='\\n', flush=False", "Writes the values to standard output, separated by `sep`, followed by `end`.") { a in
            let sep = a.isNone("sep") ? " " : try a.string("sep")
            let end = a.isNone("end") ? "\n" : try a.string("end").replacingOccurrences(of: "\\n", with: "\n")
            a.emit(.stream(name: "stdout", text: a.varargs("args").map(str).joined(separator: sep) + end))
            return .none
        },
        Builtin("len", "obj", "The number of items of a list, tuple, dict, string, range, data set, or the first axis of a tensor.") { a in
            .int(try Access.length(a["obj"]))
        },
        Builtin("range", "start, stop=None, step=1", "range(stop) or range(start, stop[, step]): the integers from start up to (not including) stop.") { a in
            let step = try a.int("step")
            guard step != 0 else { throw ScriptError.value("range() arg 3 must not be zero") }
            if a.isNone("stop") { return .range(RangeValue(start: 0, stop: try a.int("start"), step: 1)) }
            return .range(RangeValue(start: try a.int("start"), stop: try a.int("stop"), step: step))
        },
        Builtin("enumerate", "iterable, start=0", "(index, item) pairs, counting from `start`.") { a in
            let start = try a.int("start")
            return .list(ListBox(try iterable(a, "iterable").enumerated().map { .tuple([.int($0.offset + start), $0.element]) }))
        },
        Builtin("zip", "*iterables", "Tuples of the i-th items of each iterable, as long as the shortest.") { a in
            let lists = try a.varargs("iterables").map(Access.sequence)
            let n = lists.map(\.count).min() ?? 0
            return .list(ListBox((0..<n).map { i in .tuple(lists.map { $0[i] }) }))
        },
        Builtin("min", "*args, key=None, default=None", "The smallest item of an iterable, or the smallest argument.") { a in
            try extreme(a, largest: false)
        },
        Builtin("max", "*args, key=None, default=None", "The largest item of an iterable, or the largest argument.") { a in
            try extreme(a, largest: true)
        },
        Builtin("sum", "iterable, start=0", "`start` plus the items of `iterable` (numbers or tensors).") { a in
            var total = a["start"]
            for item in try iterable(a, "iterable") { total = try Operators.binary(.add, total, item) }
            return total
        },
        Builtin("abs", "x", "The absolute value of a number (or of each element of a tensor).") { a in
            switch a["x"] {
            case .int(let i): return i == Int.min ? .float(-Double(i)) : .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .tensor(let t as Tensor): return .tensor(try t.abs())
            default: throw ScriptError.type("bad operand type for abs(): '\(a["x"].typeName)'")
            }
        },
        Builtin("round", "number, ndigits=None", "The number rounded to `ndigits` decimals (to an int when omitted); halves go to even, as in Python.") { a in
            if case .tensor(let t as Tensor) = a["number"], t.count == 1 {
                return try GeneralBuiltins.round(.float(t.item()), a.optionalInt("ndigits"))
            }
            return try GeneralBuiltins.round(a["number"], a.optionalInt("ndigits"))
        },
        Builtin("sorted", "iterable, key=None, reverse=False", "A new sorted list of the items (stable), by `key(item)` when given.") { a in
            .list(ListBox(try Methods.sortValues(try iterable(a, "iterable"), key: a["key"], reverse: try a.bool("reverse"), args: a)))
        },
        Builtin("reversed", "sequence", "The items in reverse order, as a list.") { a in
            .list(ListBox(try iterable(a, "sequence").reversed()))
        },
        Builtin("any", "iterable", "Whether any item is true.") { a in
            .bool(try iterable(a, "iterable").contains { try truthy($0) })
        },
        Builtin("all", "iterable", "Whether every item is true.") { a in
            .bool(try iterable(a, "iterable").allSatisfy { try truthy($0) })
        },
        Builtin("str", "object=''", "The text of a value, as print shows it.") { a in .str(str(a["object"])) },
        Builtin("repr", "object", "The text of a value, as a result shows it (strings quoted).") { a in .str(repr(a["object"])) },
        Builtin("format", "value, format_spec=''", "The value formatted by a format spec, as in f-strings: format(0.5, '.2f').") { a in
            .str(try LanguageCore.Formatter.format(a["value"], try a.string("format_spec")))
        },
        Builtin("bool", "x=False", "The truth value of x.") { a in .bool(try truthy(a["x"])) },
        Builtin("int", "x=0", "x as an integer: floats are truncated toward zero, strings parsed.") { a in
            switch a["x"] {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d):
                guard d.isFinite else { throw ScriptError(d.isNaN ? "ValueError" : "OverflowError", "cannot convert float \(formatFloat(d)) to integer") }
                guard let i = Int(exactly: d.rounded(.towardZero)) else { throw ScriptError("OverflowError", "int too large: \(formatFloat(d))") }
                return .int(i)
            case .str(let s):
                guard let i = Int(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) else {
                    throw ScriptError.value("invalid literal for int() with base 10: \(quote(s))")
                }
                return .int(i)
            case .tensor(let t as Tensor) where t.count == 1: return .int(try t.intItem())
            default: throw ScriptError.type("int() argument must be a string or a number, not '\(a["x"].typeName)'")
            }
        },
        Builtin("float", "x=0.0", "x as a float; strings such as '1e-3', 'inf' and 'nan' are parsed.") { a in
            switch a["x"] {
            case .str(let s):
                let t = s.trimmingCharacters(in: .whitespaces).lowercased()
                let special: [String: Double] = ["inf": .infinity, "+inf": .infinity, "-inf": -.infinity, "infinity": .infinity, "nan": .nan]
                guard let d = special[t] ?? Double(t) else { throw ScriptError.value("could not convert string to float: \(quote(s))") }
                return .float(d)
            case .tensor(let t as Tensor) where t.count == 1: return .float(try t.item())
            default:
                guard let d = Operators.number(a["x"]) else { throw ScriptError.type("float() argument must be a string or a number, not '\(a["x"].typeName)'") }
                return .float(d)
            }
        },
        Builtin("list", "iterable=None", "A new list of the items of `iterable` (empty without one).") { a in
            .list(ListBox(a.isNone("iterable") ? [] : try iterable(a, "iterable")))
        },
        Builtin("tuple", "iterable=None", "A tuple of the items of `iterable` (empty without one).") { a in
            .tuple(a.isNone("iterable") ? [] : try iterable(a, "iterable"))
        },
        Builtin("dict", "pairs=None, **kwargs", "A new dict from (key, value) pairs, another dict, and/or keyword arguments: dict(lr=0.1).") { a in
            let d = DictBox()
            switch a["pairs"] {
            case .none: break
            case .dict(let other): for (k, v) in zip(other.keys, other.values) { try d.set(k, v) }
            case let pairs:
                for p in try Access.sequence(pairs) {
                    let kv = try Access.unpack(p, count: 2)
                    try d.set(kv[0], kv[1])
                }
            }
            if case .dict(let kw) = a["kwargs"] { for (k, v) in zip(kw.keys, kw.values) { try d.set(k, v) } }
            return .dict(d)
        },
        Builtin("type", "x", "The type of a value: type(3) is <class 'int'>, and type(x) == int works.") { a in
            .object(TypeObject(a["x"].typeName))
        },
        Builtin("input", "prompt=''", "Reads one line typed by the user (from the notebook or terminal).") { a in
            guard let handler = a.session.inputHandler else {
                throw ScriptError("RuntimeError", "input() is not available here: this front end cannot read input")
            }
            return .str(try handler(str(a["prompt"])))
        },
        Builtin("display", "*values", "Shows each value now, as a cell result would show it (tables, figures).") { a in
            for v in a.varargs("values") { a.emit(.display(Display.bundle(v), id: a.session.newDisplayId())) }
            return .none
        },
        Builtin("warn", "message", "Writes a warning to standard error.") { a in
            a.emit(.stream(name: "stderr", text: "Warning: \(str(a["message"]))\n"))
            return .none
        },
        Builtin("clear_output", "wait=False", "Clears the cell's output (with wait=True, when the next output arrives).") { a in
            a.emit(.clear(wait: try a.bool("wait")))
            return .none
        },
        Builtin("help", "obj=None", "The documentation of a built-in, a user function or a library value; help() lists every built-in.") { a in
            a.emit(.stream(name: "stdout", text: (a.isNone("obj") ? BuiltinFamilies.index : Help.text(a["obj"])) + "\n"))
            return .none
        },
        Builtin("dir", "obj=None", "The names defined in the session, or the attributes and methods of `obj`.") { a in
            if a.isNone("obj") { return .list(ListBox(a.session.globals.userNames.sorted().map { .str($0) })) }
            return .list(ListBox(Access.attributeNames(a["obj"]).map { .str($0) }))
        },
        Builtin("perf_counter", "", "Seconds on a monotonic clock, for timing: t0 = perf_counter(); ...; perf_counter() - t0.") { _ in
            .float((ContinuousClock.now - GeneralBuiltins.epoch).seconds)
        },
        Builtin("seed", "n", "Seeds every random source (weights, data, shuffling): the same seed gives the same results.") { a in
            let n = try a.int("n")
            guard n >= 0 else { throw ScriptError.value("seed() needs a non-negative integer, not \(n)") }
            Random.seed(UInt64(n))
            return .none
        },
    ]

    /// `round(x[, ndigits])`. An integral result too large for a 64-bit int is a float, as every
    /// integer overflow is; more digits than a double holds (or fewer than its exponent) leave
    /// nothing to round.
    static func round(_ v: Value, _ digits: Int?) throws -> Value {
        switch v {
        case .int(let i):
            guard let n = digits, n < 0 else { return .int(i) }
            guard n > -19 else { return .int(0) }
            let p = Foundation.pow(10.0, Double(-n))
            let r = (Double(i) / p).rounded(.toNearestOrEven) * p
            return Int(exactly: r).map(Value.int) ?? .float(r)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            guard let n = digits else {
                guard d.isFinite else { throw ScriptError(d.isNaN ? "ValueError" : "OverflowError", "cannot convert float \(formatFloat(d)) to integer") }
                let r = d.rounded(.toNearestOrEven)
                return Int(exactly: r).map(Value.int) ?? .float(r)
            }
            guard d.isFinite, n < 400 else { return .float(d) }
            guard n > -400 else { return .float(0 * d) }
            if n >= 0, let exact = Double(String(format: "%.\(n)f", d)) { return .float(exact) }
            let p = Foundation.pow(10.0, Double(-n))
            return .float((d / p).rounded(.toNearestOrEven) * p)
        default:
            throw ScriptError.type("type \(v.typeName) doesn't define __round__ method")
        }
    }
}
