/// Every built-in name, by family: the one list that fills a session's globals, `help()`'s
/// index and completion.
enum Library {
    static var families: [(name: String, builtins: [Builtin])] {
        [
            ("General", GeneralBuiltins.builtins),
            ("Tensors", TensorBuiltins.builtins),
            ("Autograd", AutogradBuiltins.builtins),
            ("Networks", NetworkBuiltins.builtins),
            ("Optimizers", OptimizerBuiltins.builtins),
            ("Data", DataBuiltins.builtins),
            ("Training", TrainingBuiltins.builtins),
            ("Figures", FigureBuiltins.builtins),
            ("Files", FileBuiltins.builtins),
            ("Tuning", TuningBuiltins.builtins),
        ]
    }
}

/// The text `help(x)` prints: built-ins and user functions show signature and documentation.
enum Help {
    static func text(_ v: Value) -> String {
        switch v {
        case .none:
            var out = "Descent built-ins (help(name) for any of them):\n"
            for family in Library.families {
                out += "\n\(family.name):\n  " + family.builtins.map(\.name).joined(separator: ", ") + "\n"
            }
            return out
        case .builtin(let b): return b.helpText
        case .method(let m): return "\(m.receiver.typeName).\(m.builtin.helpText)"
        case .function(let f):
            return "\(f.name)\(f.signature.text)" + (f.code.doc.map { "\n\n" + $0 } ?? "")
        case .object(let o): return o.helpText
        case .tensor:
            return "Tensor: an n-dimensional array that records operations for backward().\n\nProperties: "
                + TensorMethods.properties.joined(separator: ", ") + "\nMethods: " + TensorMethods.table.keys.sorted().joined(separator: ", ")
        case .str, .list, .dict, .tuple:
            return "\(v.typeName) methods: " + Access.attributeNames(v).joined(separator: ", ")
        default:
            return "\(repr(v)): a value of type \(v.typeName)"
        }
    }
}
