import Engine
import LanguageCore
import Learn

/// Training runs (LANGUAGE.md section 3, Training): `fit`, `compare`, `evaluate`, `minimize`
/// and the test functions `rosenbrock`, `beale`, `saddle`, `ravine`.
enum TrainingBuiltins {
    /// The loss to train with: None picks cross_entropy for classes and mse otherwise; the
    /// built-in losses by value or name; any other function of (prediction, target).
    static func loss(_ a: borrowing Arguments, _ data: Dataset) throws -> Loss {
        let v = a["loss"]
        let named: [String: Loss] = ["mse": .mse, "cross_entropy": .crossEntropy, "nll": .nll, "bce": .bce]
        switch v {
        case .none: return data.isClassification ? .crossEntropy : .mse
        case .str(let s):
            guard let l = named[s] else {
                throw ScriptError.value("\(a.name)(): unknown loss \(quote(s)); use mse, cross_entropy, nll, bce or a function of (prediction, target)")
            }
            return l
        case .builtin(let b) where named[b.name] != nil: return named[b.name] ?? .mse
        case .function, .builtin, .method, .object:
            let (ip, caller) = (a.interpreter, a.name)
            return .custom(name: v.functionName ?? "loss") { prediction, target in
                try toTensor(try ip.call(v, [.tensor(prediction), .tensor(target)]), name: "\(caller)(): the loss function's result")
            }
        default:
            throw a.wrongType("loss", "a loss function (mse, cross_entropy, ...) or its name")
        }
    }

    /// The optimizer's recipe (Adam(lr=0.01) when none is given).
    static func recipe(_ v: Value, _ name: String) throws -> OptimizerRecipe {
        if v.isNone { return try .adam(lr: 0.01) }
        guard let o = Bind.object(v, OptimizerObject.self) else {
            throw ScriptError.type("\(name)(): optimizer must be an optimizer such as Adam(lr=0.01), not \(v.typeName)")
        }
        return o.recipe
    }

    private static func schedule(_ a: borrowing Arguments) throws -> Schedule? {
        if a.isNone("schedule") { return nil }
        guard let s = Bind.object(a["schedule"], ScheduleObject.self) else {
            throw a.wrongType("schedule", "a schedule (step_decay, exp_decay, inverse_time)")
        }
        return s.schedule
    }

    /// The training data and the validation data: a data set, None, or a fraction held out of `data`.
    private static func trainingData(_ a: borrowing Arguments) throws -> (Dataset, Dataset?) {
        let data = try DataBuiltins.dataset(a["data"], "\(a.name)() argument 'data'")
        switch a["validation"] {
        case .none: return (data, nil)
        case .float(let f):
            guard f > 0, f < 1 else { throw ScriptError.value("\(a.name)(): a validation fraction must be between 0 and 1, got \(formatFloat(f))") }
            let parts = try Learn.split(data, [1 - f, f], seed: try Bind.seed(a))
            return (parts[0], parts[1])
        case let v: return (data, try DataBuiltins.dataset(v, "\(a.name)() argument 'validation'"))
        }
    }

    private static func testFunction(_ v: Value) -> TestFunction? {
        if case .builtin(let b) = v { return TestFunction(rawValue: b.name) }
        return nil
    }

    private static func test(_ f: TestFunction, _ doc: String) -> Builtin {
        Builtin(f.rawValue, "x, y", doc) { a in
            let numbers = Operators.number(a["x"]) != nil && Operators.number(a["y"]) != nil
            let result = try f([try toTensor(a["x"], name: "\(f.rawValue)() argument 'x'", dtype: numbers ? .float64 : nil),
                                try toTensor(a["y"], name: "\(f.rawValue)() argument 'y'", dtype: numbers ? .float64 : nil)])
            return numbers ? .float(try result.item()) : .tensor(result)
        }
    }

    static let builtins: [Builtin] = [
        Builtin("fit", "model, data, loss=None, optimizer=None, epochs=10, batch_size=32, validation=None, schedule=None, shuffle=True, seed=None, name=None",
                """
                Trains the model on the data and returns the Run (per-step and per-epoch loss, val_loss, val_accuracy, wall time).
                batch_size=None is batch gradient descent, 1 stochastic, n mini-batches of n. loss=None takes cross_entropy for classes and \
                mse otherwise; optimizer=None is Adam(lr=0.01). validation is a data set or a fraction of `data` to hold out.
                """) { a in
            let net = try NetworkBuiltins.network(a["model"], "fit() argument 'model'")
            let (data, validation) = try trainingData(a)
            let view = TrainingProgressView(a.session)
            let run = try Learn.fit(net.layer, data, loss: try loss(a, data), optimizer: try recipe(a["optimizer"], "fit"),
                                    epochs: try a.int("epochs"), batchSize: try a.optionalInt("batch_size"), validation: validation,
                                    schedule: try schedule(a), shuffle: try a.bool("shuffle"), seed: try Bind.seed(a),
                                    name: a.isNone("name") ? nil : try a.string("name"), progress: { view.update($0) })
            view.finish([run])
            Bind.warn(a, Bind.warnings(run))
            return .object(RunObject(run))
        },
        Builtin("compare", "optimizers, model=None, data=None, loss=None, epochs=10, batch_size=32, validation=None, schedule=None, shuffle=True, seed=None",
                "Trains one copy of the model per optimizer ({\"name\": optimizer, ...} or a list), all from the same initial weights and batch order; returns the runs.") { a in
            let net = try NetworkBuiltins.network(a["model"], "compare() argument 'model'")
            let (data, validation) = try trainingData(a)
            var entries: [(name: String, optimizer: OptimizerRecipe)] = []
            if case .dict(let d) = a["optimizers"] {
                for (k, v) in zip(d.keys, d.values) { entries.append((str(k), try recipe(v, "compare"))) }
            } else {
                for v in try Access.sequence(a["optimizers"]) {
                    let r = try recipe(v, "compare")
                    entries.append((entries.contains { $0.name == r.name } ? r.description : r.name, r))
                }
            }
            let view = TrainingProgressView(a.session)
            let runs = try Learn.compare(entries, model: net.layer, data: data, loss: try loss(a, data), epochs: try a.int("epochs"),
                                         batchSize: try a.optionalInt("batch_size"), validation: validation, schedule: try schedule(a),
                                         shuffle: try a.bool("shuffle"), seed: try Bind.seed(a),
                                         progress: { name, p in view.update(p, label: name) })
            view.finish(runs)
            Bind.warn(a, runs.flatMap { r in Bind.warnings(r).map { "\(r.name): \($0)" } })
            return .object(RunsObject(runs.map(RunObject.init)))
        },
        Builtin("evaluate", "model, data, loss=None", "The model's loss on the data (and accuracy, for classes), in eval mode without recording a graph.") { a in
            let net = try NetworkBuiltins.network(a["model"], "evaluate() argument 'model'")
            let data = try DataBuiltins.dataset(a["data"], "evaluate() argument 'data'")
            return .object(EvaluationObject(try Learn.evaluate(net.layer, data, loss: try loss(a, data))))
        },
        Builtin("minimize", "f, start=None, optimizer=None, steps=100",
                "Runs an optimizer on f(x, y, ...) from `start` and returns its trajectory; optimizer=None is Adam(lr=0.01). The built-in rosenbrock, beale, saddle and ravine have a default start.") { a in
            let f = a["f"]
            let known = testFunction(f)
            let start: [Double]
            if a.isNone("start") {
                guard let known else { throw ScriptError.type("minimize() needs start=[x, y, ...] for a function of your own") }
                start = known.start
            } else {
                start = try Bind.doubles(a["start"], "minimize() start")
            }
            let trajectory = try Learn.minimize({ variables in
                if let known { return try known(variables) }
                return try toTensor(try a.call(f, variables.map { .tensor($0) }), name: "minimize(): f's result")
            }, start: start, optimizer: try recipe(a["optimizer"], "minimize"), steps: try a.int("steps"))
            Bind.warn(a, trajectory.warnings)
            return .object(TrajectoryObject(trajectory))
        },
        test(.rosenbrock, "(1 − x)² + 100(y − x²)²: a curved valley; minimum 0 at (1, 1). Default start (-1.5, 2)."),
        test(.beale, "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum 0 at (3, 0.5). Default start (1, 1.5)."),
        test(.saddle, "x² − y²: a saddle at (0, 0), unbounded below along y. Default start (-1, 0.001)."),
        test(.ravine, "x² + 50y²: a narrow valley; minimum 0 at (0, 0). Default start (-4, 1)."),
    ]
}

extension Value {
    /// The name of a function value, for labels.
    var functionName: String? {
        switch self {
        case .function(let f): return f.name
        case .builtin(let b): return b.name
        case .method(let m): return m.builtin.name
        default: return nil
        }
    }
}
