import Engine
import LanguageCore
import Learn

/// Data sets (LANGUAGE.md section 3, Data): `dataset`, `load_csv`, the bundled and synthetic
/// sets, `split`, `kfold`, `batches`, `standardize`.
enum DataBuiltins {
    static func dataset(_ v: Value, _ what: String) throws -> Dataset {
        guard let d = Bind.object(v, DatasetObject.self) else {
            throw ScriptError.type("\(what) must be a data set (dataset(x, y), iris(), ...), not \(v.typeName)")
        }
        return d.data
    }

    private static func wrap(_ d: Dataset) -> Value { .object(DatasetObject(d)) }

    static let builtins: [Builtin] = [
        Builtin("dataset", "x, y, classes=None",
                "A data set from features x (N, F) and targets y: class indices (a list of ints, an int64 tensor, or any numbers with classes=[names]) or values.") { a in
            let x = try a.tensor("x")
            let wholeNumbers = (try? Access.sequence(a["y"]))?.allSatisfy { if case .int = $0 { return true } else { return false } } ?? false
            var y = try toTensor(a["y"], name: "dataset() argument 'y'", dtype: wholeNumbers && a["y"].tensorValue == nil ? .int64 : nil)
            var names: [String]? = nil
            if !a.isNone("classes") {
                names = try Access.sequence(a["classes"]).map(str)
                if y.dtype != .int64 { y = try y.cast(.int64) }
            }
            return wrap(try Dataset(x: x, y: y, classNames: names))
        },
        Builtin("load_csv", "path, target=None",
                "Reads a CSV file with a header; `target` names the target column (the last one by default). Text targets become class indices.") { a in
            wrap(try loadCSV(try a.string("path"), target: a.isNone("target") ? nil : try a.string("target")))
        },
        Builtin("iris", "", "Fisher's iris: 150 flowers, 4 measurements (cm), 3 species.") { _ in wrap(try iris()) },
        Builtin("wine", "", "The UCI wine data: 178 wines, 13 chemical measurements, 3 cultivars.") { _ in wrap(try wine()) },
        Builtin("digits", "", "The UCI optical digits: 1797 images of 8x8 pixels (values 0..16), digits 0..9.") { _ in wrap(try digits()) },
        Builtin("spiral", "n=100, classes=3, noise=0.2, seed=None", "Interleaved spirals: n points per class, two features (seeded).") { a in
            wrap(try Synthetic.spiral(n: try a.int("n"), classes: try a.int("classes"), noise: try a.double("noise"), seed: try Bind.seed(a)))
        },
        Builtin("blobs", "n=300, centers=3, features=2, spread=1.0, seed=None", "Gaussian clusters: n points around `centers` random centres (seeded).") { a in
            wrap(try Synthetic.blobs(n: try a.int("n"), centers: try a.int("centers"), features: try a.int("features"),
                                     spread: try a.double("spread"), seed: try Bind.seed(a)))
        },
        Builtin("xor", "n=200, noise=0.1, seed=None", "XOR: points in [-1, 1]², class 1 where the coordinates' signs differ (seeded).") { a in
            wrap(try Synthetic.xor(n: try a.int("n"), noise: try a.double("noise"), seed: try Bind.seed(a)))
        },
        Builtin("linear_regression", "n=100, features=1, noise=0.1, seed=None", "y = x·w + b + noise for random w and b: a regression set (seeded).") { a in
            wrap(try Synthetic.linearRegression(n: try a.int("n"), features: try a.int("features"), noise: try a.double("noise"), seed: try Bind.seed(a)))
        },
        Builtin("split", "data, fractions=None, seed=None",
                "Shuffles (seeded) and cuts the data into parts: train, val, test = split(data, [0.6, 0.2, 0.2]); fractions=None is [0.8, 0.2].") { a in
            let fractions = a.isNone("fractions") ? [0.8, 0.2] : try Bind.doubles(a["fractions"], "split() fractions")
            let parts = try Learn.split(try dataset(a["data"], "split() argument 'data'"), fractions, seed: try Bind.seed(a))
            return .list(ListBox(parts.map(wrap)))
        },
        Builtin("kfold", "data, k=5, seed=None", "K-fold cross-validation: k (train, validation) pairs, each example validated once.") { a in
            let folds = try Learn.kfold(try dataset(a["data"], "kfold() argument 'data'"), try a.int("k"), seed: try Bind.seed(a))
            return .list(ListBox(folds.map { .tuple([wrap($0.train), wrap($0.validation)]) }))
        },
        Builtin("batches", "data, size=32, shuffle=True, seed=None", "The data as (x, y) batches of `size` rows: for x, y in batches(train, 32): ...") { a in
            let parts = try Learn.batches(try dataset(a["data"], "batches() argument 'data'"), size: try a.int("size"),
                                          shuffle: try a.bool("shuffle"), seed: try Bind.seed(a))
            return .list(ListBox(parts.map { .tuple([.tensor($0.x), .tensor($0.y)]) }))
        },
        Builtin("standardize", "train, *others",
                "(x − mean)/std per feature with the statistics of `train` only: train, val = standardize(train, val). One argument gives one data set.") { a in
            let train = try dataset(a["train"], "standardize() argument 'train'")
            let others = try a.varargs("others").map { try dataset($0, "standardize() argument") }
            let all = try Learn.standardize(train, others).map(wrap)
            return others.isEmpty ? all[0] : .tuple(all)
        },
    ]
}
