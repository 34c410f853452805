/// The text `help(x)` prints and inspection shows: built-ins and user functions show signature
/// and documentation, library values (tensors among them) their own help.
public enum Help {
    public static func text(_ v: Value) -> String {
        switch v {
        case .builtin(let b): return b.helpText
        case .method(let m): return "\(m.receiver.typeName).\(m.builtin.helpText)"
        case .function(let f):
            return "\(f.name)\(f.signature.text)" + (f.code.doc.map { "\n\n" + $0 } ?? "")
        case .object(let o): return o.helpText
        case .tensor(let t): return t.helpText
        case .str, .list, .dict, .tuple:
            return "\(v.typeName) methods: " + Access.attributeNames(v).joined(separator: ", ")
        default:
            return "\(repr(v)): a value of type \(v.typeName)"
        }
    }
}
