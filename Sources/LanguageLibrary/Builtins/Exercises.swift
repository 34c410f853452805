import Crypto
import Engine
import Foundation
import LanguageCore

/// Exercises a teacher can hand out: `answer_key(value)` makes a key from the right answer, and
/// `check(answer, key)` tells a student whether an answer is right, or what kind of answer is
/// expected, without the solution appearing anywhere in the notebook.
///
/// A key holds the answer's form (a number, a text, a list of n numbers), the significant digits
/// it is compared to, and a SHA-256 digest of its canonical text: numbers rounded to those digits
/// (so 12 and 12.0, or 0.2710 and 0.27104, match), texts trimmed and lowercased. A value within
/// rounding of a digit boundary (0.12345 against 3 digits) can land on either side: choose the
/// digits so that the answer's last kept digit is certain.
enum ExerciseBuiltins {
    /// An answer reduced to what the key compares.
    struct Canonical {
        /// `number`, `text`, `bool` or `list<n>`.
        var form: String
        var text: String

        init(_ v: Value, digits: Int) throws {
            switch v {
            case .bool(let b): (form, text) = ("bool", b ? "true" : "false")
            case .int, .float:
                (form, text) = ("number", Canonical.number(Operators.number(v) ?? .nan, digits))
            case .str(let s): (form, text) = ("text", s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
            case .tensor(let t as Tensor) where t.count == 1: (form, text) = ("number", Canonical.number(try t.item(), digits))
            // A tensor's elements as a list's numbers, so tensor([6, 1]) answers [6, 1].
            case .tensor(let t as Tensor):
                (form, text) = ("list\(t.count)", t.scalars().map { "number:" + Canonical.number($0, digits) }.joined(separator: ","))
            case .list, .tuple:
                let items = try Access.sequence(v).map { try Canonical($0, digits: digits) }
                form = "list\(items.count)"
                text = items.map { "\($0.form):\($0.text)" }.joined(separator: ",")
            default:
                throw ScriptError.type("an answer is a number, a text, a bool, or a list or tensor of them, not \(v.typeName)")
            }
        }

        /// `x` to `digits` significant digits, with one spelling for 0 and -0.
        static func number(_ x: Double, _ digits: Int) -> String {
            x == 0 ? "0" : String(format: "%.\(digits - 1)e", x)
        }

        /// What a student reads for a form: "a number", "a list of 3 items".
        static func phrase(_ form: String) -> String {
            switch form {
            case "number": "a number"
            case "text": "a text"
            case "bool": "True or False"
            default: "a list of \(form.dropFirst(4)) items"
            }
        }
    }

    static func key(_ c: Canonical, digits: Int) -> String {
        let digest = SHA256.hash(data: Data("\(c.form)|\(digits)|\(c.text)".utf8))
        return "key:\(c.form):\(digits):" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static let builtins: [Builtin] = [
        Builtin("answer_key", "answer, digits=3", """
            The key check() compares answers with: the answer's form, the significant digits it is compared to, and \
            a digest of it, from which the answer cannot be read. For teachers writing exercises.
            answer_key(0.271)
            """) { a in
            let digits = try a.int("digits")
            guard (1...15).contains(digits) else { throw ScriptError.value("answer_key(): digits must be between 1 and 15, got \(digits)") }
            return .str(key(try Canonical(a["answer"], digits: digits), digits: digits))
        },
        Builtin("check", "answer, key, hint=None", """
            Says whether an exercise's answer is right, or what kind of answer is expected, without showing the \
            solution: key comes from answer_key(). None means not answered yet.
            check(answer, "key:number:3:8f1c...")
            """) { a in
            let parts = try a.string("key").split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "key", let digits = Int(parts[2]), (1...15).contains(digits) else {
                throw ScriptError.value("check(): the key must come from answer_key(), such as \"key:number:3:8f1c04a2b6e9d3c7a1b2c3d4\"")
            }
            let message: String
            if a["answer"].isNone {
                message = "not answered yet: set answer and run this cell again"
            } else {
                let given = try Canonical(a["answer"], digits: digits)
                let form = String(parts[1])
                if given.form != form {
                    message = "not right: the answer is \(Canonical.phrase(form)); yours is \(Canonical.phrase(given.form))"
                } else if key(given, digits: digits) == parts.joined(separator: ":") {
                    message = "right"
                } else {
                    let compared = given.form == "text" ? "" : " (compared to \(digits) significant digits)"
                    message = "not right\(compared)" + (a.isNone("hint") ? "" : ": " + (try a.string("hint")))
                }
            }
            a.emit(.stream(name: "stdout", text: message + "\n"))
            return .none
        },
    ]
}
