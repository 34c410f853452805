import Interruption
import Foundation

/// Methods of the built-in containers and strings, declared like every built-in (signature and
/// documentation), with the receiver in `args.receiver`.
package enum Methods {
    private static func table(_ builtins: [Builtin]) -> [String: Builtin] {
        Dictionary(uniqueKeysWithValues: builtins.map { ($0.name, $0) })
    }

    private static func receiverList(_ a: borrowing Arguments) -> ListBox {
        if case .list(let l)? = a.receiver { return l }
        return ListBox([])
    }

    private static func receiverString(_ a: borrowing Arguments) -> String {
        if case .str(let s)? = a.receiver { return s }
        return ""
    }

    private static func receiverDict(_ a: borrowing Arguments) -> DictBox {
        if case .dict(let d)? = a.receiver { return d }
        return DictBox()
    }

    static let list: [String: Builtin] = table([
        Builtin("append", "item", "Adds an item at the end of the list.") { a in
            receiverList(a).items.append(a["item"]); return .none
        },
        Builtin("extend", "iterable", "Adds every item of an iterable at the end of the list.") { a in
            let l = receiverList(a), more = try Access.sequence(a["iterable"])
            try Memory.check(l.items.count + more.count, of: MemoryLayout<Value>.stride, for: "list.extend")
            l.items += more
            return .none
        },
        Builtin("insert", "index, item", "Inserts an item before position `index`.") { a in
            let l = receiverList(a)
            var i = try a.int("index")
            if i < 0 { i += l.items.count }
            l.items.insert(a["item"], at: min(max(i, 0), l.items.count))
            return .none
        },
        Builtin("pop", "index=-1", "Removes and returns the item at `index` (the last by default).") { a in
            let l = receiverList(a)
            guard !l.items.isEmpty else { throw ScriptError.index("pop from empty list") }
            return l.items.remove(at: try Access.position(a["index"], count: l.items.count, what: "pop"))
        },
        Builtin("remove", "item", "Removes the first item equal to `item`.") { a in
            let l = receiverList(a)
            guard let i = try l.items.firstIndex(where: { try Operators.equal($0, a["item"]) }) else {
                throw ScriptError.value("list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        },
        Builtin("index", "item", "The position of the first item equal to `item`.") { a in
            guard let i = try receiverList(a).items.firstIndex(where: { try Operators.equal($0, a["item"]) }) else {
                throw ScriptError.value("\(repr(a["item"])) is not in list")
            }
            return .int(i)
        },
        Builtin("count", "item", "How many items equal `item`.") { a in
            .int(try receiverList(a).items.filter { try Operators.equal($0, a["item"]) }.count)
        },
        Builtin("sort", "key=None, reverse=False", "Sorts the list in place (stable), by `key(item)` when given.") { a in
            let l = receiverList(a)
            l.items = try sortValues(l.items, key: a["key"], reverse: try a.bool("reverse"), args: a)
            return .none
        },
        Builtin("reverse", "", "Reverses the list in place.") { a in
            receiverList(a).items.reverse(); return .none
        },
        Builtin("copy", "", "A shallow copy of the list.") { a in .list(ListBox(receiverList(a).items)) },
        Builtin("clear", "", "Removes every item.") { a in receiverList(a).items.removeAll(); return .none },
    ])

    static let tuple: [String: Builtin] = table([
        Builtin("index", "item", "The position of the first item equal to `item`.") { a in
            guard case .tuple(let t)? = a.receiver, let i = try t.firstIndex(where: { try Operators.equal($0, a["item"]) }) else {
                throw ScriptError.value("tuple.index(x): x not in tuple")
            }
            return .int(i)
        },
        Builtin("count", "item", "How many items equal `item`.") { a in
            guard case .tuple(let t)? = a.receiver else { return .int(0) }
            return .int(try t.filter { try Operators.equal($0, a["item"]) }.count)
        },
    ])

    static let dict: [String: Builtin] = table([
        Builtin("keys", "", "The keys, in insertion order.") { a in .list(ListBox(receiverDict(a).keys)) },
        Builtin("values", "", "The values, in insertion order.") { a in .list(ListBox(receiverDict(a).values)) },
        Builtin("items", "", "(key, value) pairs, in insertion order.") { a in
            let d = receiverDict(a)
            return .list(ListBox(zip(d.keys, d.values).map { .tuple([$0, $1]) }))
        },
        Builtin("get", "key, default=None", "The value for `key`, or `default` when it is absent.") { a in
            try receiverDict(a).get(a["key"]) ?? a["default"]
        },
        Builtin("pop", "key, default=None", "Removes `key` and returns its value (or `default`).") { a in
            if let v = try receiverDict(a).remove(a["key"]) { return v }
            if a.isNone("default") { throw ScriptError.key(repr(a["key"])) }
            return a["default"]
        },
        Builtin("update", "other", "Sets every key of the dict `other`.") { a in
            guard case .dict(let other) = a["other"] else { throw a.wrongType("other", "dict") }
            let d = receiverDict(a)
            for (k, v) in zip(other.keys, other.values) { try d.set(k, v) }
            return .none
        },
        Builtin("copy", "", "A shallow copy of the dict.") { a in
            let d = receiverDict(a), c = DictBox()
            for (k, v) in zip(d.keys, d.values) { try c.set(k, v) }
            return .dict(c)
        },
        Builtin("setdefault", "key, default=None", "The value for `key`, setting it to `default` first if absent.") { a in
            let d = receiverDict(a)
            if let v = try d.get(a["key"]) { return v }
            try d.set(a["key"], a["default"])
            return a["default"]
        },
    ])

    static let string: [String: Builtin] = table([
        Builtin("upper", "", "The string in upper case.") { a in .str(receiverString(a).uppercased()) },
        Builtin("lower", "", "The string in lower case.") { a in .str(receiverString(a).lowercased()) },
        Builtin("strip", "chars=None", "Without leading and trailing whitespace (or `chars`).") { a in
            let set = a.isNone("chars") ? CharacterSet.whitespacesAndNewlines : CharacterSet(charactersIn: try a.string("chars"))
            return .str(receiverString(a).trimmingCharacters(in: set))
        },
        Builtin("split", "sep=None, maxsplit=-1", "The words (split on whitespace, or on `sep`).") { a in
            let s = receiverString(a)
            let maxSplit = try a.int("maxsplit")
            if a.isNone("sep") {
                let words = s.split(maxSplits: maxSplit < 0 ? Int.max : maxSplit, omittingEmptySubsequences: true, whereSeparator: { $0.isWhitespace })
                return .list(ListBox(words.map { .str(String($0)) }))
            }
            let sep = try a.string("sep")
            guard !sep.isEmpty else { throw ScriptError.value("empty separator") }
            var parts = s.components(separatedBy: sep)
            if maxSplit >= 0 && parts.count > maxSplit + 1 {
                parts = Array(parts.prefix(maxSplit)) + [parts.dropFirst(maxSplit).joined(separator: sep)]
            }
            return .list(ListBox(parts.map { .str($0) }))
        },
        Builtin("join", "iterable", "The strings of `iterable` joined with this string between them.") { a in
            let parts = try Access.sequence(a["iterable"]).map { v -> String in
                guard case .str(let s) = v else { throw ScriptError.type("sequence item: expected str instance, \(v.typeName) found") }
                return s
            }
            let separator = receiverString(a)
            let bytes = parts.reduce(0.0) { $0 + Double($1.utf8.count) } + Double(separator.utf8.count * max(parts.count - 1, 0))
            try Memory.check(bytes, of: 1, for: "str.join")
            return .str(parts.joined(separator: separator))
        },
        Builtin("replace", "old, new", "Every `old` replaced by `new`.") { a in
            let (s, old, new) = (receiverString(a), try a.string("old"), try a.string("new"))
            // The result's size, checked before it is made: each occurrence grows by new - old.
            let occurrences = old.isEmpty ? s.count + 1 : s.components(separatedBy: old).count - 1
            try Memory.check(Double(s.utf8.count) + Double(occurrences) * Double(new.utf8.count - old.utf8.count), of: 1, for: "str.replace")
            // Python puts `new` around every character when `old` is empty; Foundation would do nothing.
            if old.isEmpty { return .str(new + s.map(String.init).joined(separator: new) + (s.isEmpty ? "" : new)) }
            return .str(s.replacingOccurrences(of: old, with: new))
        },
        Builtin("startswith", "prefix", "Whether the string starts with `prefix`.") { a in
            .bool(receiverString(a).hasPrefix(try a.string("prefix")))
        },
        Builtin("endswith", "suffix", "Whether the string ends with `suffix`.") { a in
            .bool(receiverString(a).hasSuffix(try a.string("suffix")))
        },
        Builtin("find", "sub", "The position of the first `sub`, or -1.") { a in
            let s = receiverString(a)
            guard let r = s.range(of: try a.string("sub")) else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        },
        Builtin("count", "sub", "How many times `sub` occurs (not overlapping).") { a in
            let sub = try a.string("sub")
            guard !sub.isEmpty else { return .int(receiverString(a).count + 1) }
            return .int(receiverString(a).components(separatedBy: sub).count - 1)
        },
        Builtin("format", "*args, **kwargs", "Fills `{}` and `{name}` fields, with format specs as in f-strings.") { a in
            .str(try formatFields(receiverString(a), a.varargs("args"), a["kwargs"]))
        },
        Builtin("isdigit", "", "Whether every character is a digit.") { a in
            let s = receiverString(a)
            return .bool(!s.isEmpty && s.allSatisfy(\.isNumber))
        },
        Builtin("ljust", "width", "Padded with spaces on the right to `width`.") { a in
            let s = receiverString(a)
            return .str(s + (try padding(a, s)))
        },
        Builtin("rjust", "width", "Padded with spaces on the left to `width`.") { a in
            let s = receiverString(a)
            return .str((try padding(a, s)) + s)
        },
    ])

    /// The spaces that pad `s` to the `width` argument, checked against the memory limit first.
    private static func padding(_ a: borrowing Arguments, _ s: String) throws -> String {
        let n = max(0, try a.int("width") - s.count)
        try Memory.check(n, of: 1, for: "\(a.name)(): width \(n + s.count)")
        return String(repeating: " ", count: n)
    }

    /// `"{} {name:.2f}".format(...)`.
    static func formatFields(_ template: String, _ args: [Value], _ kwargs: Value) throws -> String {
        var out = "", field = "", inField = false, next = 0
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inField {
                if c == "}" {
                    inField = false
                    let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(parts[0]), spec = parts.count > 1 ? String(parts[1]) : ""
                    let value: Value
                    if name.isEmpty {
                        guard next < args.count else { throw ScriptError.index("Replacement index \(next) out of range for positional args tuple") }
                        value = args[next]; next += 1
                    } else if let k = Int(name) {
                        guard k < args.count else { throw ScriptError.index("Replacement index \(k) out of range for positional args tuple") }
                        value = args[k]
                    } else {
                        guard case .dict(let d) = kwargs, let v = try d.get(.str(name)) else { throw ScriptError.key("'\(name)'") }
                        value = v
                    }
                    out += try Formatter.format(value, spec)
                    field = ""
                } else {
                    field.append(c)
                }
            } else if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 1 } else { inField = true }
            } else if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { i += 1 }
                out.append("}")
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// A stable sort (Swift's sort is stable) by `key(item)` (or the items), for `sorted` and `list.sort`.
    package static func sortValues(_ items: [Value], key: Value, reverse: Bool, args: borrowing Arguments) throws -> [Value] {
        let keys = key.isNone ? items : try items.map { try args.call(key, [$0]) }
        var order = Array(items.indices)
        var failure: Error?
        order.sort { i, j in
            if failure != nil { return false }
            do {
                return reverse ? try Operators.less(keys[j], keys[i]) : try Operators.less(keys[i], keys[j])
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }
}
