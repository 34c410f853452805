import LanguageCore

/// Every built-in name, by family: the one list that fills a session's globals, `help()`'s
/// index and completion.
enum BuiltinFamilies {
    static var all: [(name: String, builtins: [Builtin])] {
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
            ("Widgets", WidgetBuiltins.builtins),
            ("Exercises", ExerciseBuiltins.builtins),
        ]
    }

    /// What `help()` prints: the families and their names.
    static var index: String {
        var out = "Descent built-ins (help(name) for any of them):\n"
        for family in all {
            out += "\n\(family.name):\n  " + family.builtins.map(\.name).joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension Session {
    /// A session whose globals hold every built-in of the library.
    public convenience init() {
        self.init(builtins: BuiltinFamilies.all.flatMap(\.builtins))
    }
}
