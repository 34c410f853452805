import Engine
import Foundation
import Interruption
import LanguageCore
import Learn
import Plot

/// Hyper-parameter tuning (LANGUAGE.md section 3): `grid_search`, `random_search`, `evolve`, `pbt`,
/// `cross_validate` and the distributions `uniform`, `loguniform`, `choice`.
///
/// A trial is a Descent function called with the hyper-parameters as keyword arguments; it
/// returns a number or a Run. Trials run in worker processes (one per core; `workers=1` runs them
/// here, one after the other) with the same results either way; what a trial prints is shown
/// after it, in trial order, and its progress displays are dropped.
enum TuningBuiltins {
    /// A search space from a dict: lists, tuples, ranges and tensors are value lists; `uniform`,
    /// `loguniform` and `choice` are distributions; a lone number or string is a fixed value.
    /// Values the search cannot carry itself (optimizers, activations) are kept by position.
    static func space(_ v: Value, _ name: String) throws -> (SearchSpace, [String: [Value]]) {
        guard case .dict(let d) = v else {
            throw ScriptError.type("\(name)(): the space must be a dict such as {\"lr\": loguniform(1e-4, 1)}, not \(v.typeName)")
        }
        guard d.count > 0 else {
            throw ScriptError.value("\(name)(): the space is empty: give at least one hyper-parameter, such as {\"lr\": loguniform(1e-4, 1)}")
        }
        var dimensions: [(String, Distribution)] = []
        var options: [String: [Value]] = [:]
        for (key, value) in zip(d.keys, d.values) {
            guard case .str(let param) = key else {
                throw ScriptError.type("\(name)(): hyper-parameter names must be strings, not \(key.typeName)")
            }
            if let o = Bind.object(value, DistributionObject.self) {
                dimensions.append((param, o.distribution))
                if !o.options.isEmpty { options[param] = o.options }
                continue
            }
            let items: [Value]
            switch value {
            case .list, .tuple, .range: items = try Access.sequence(value)
            case .tensor(let t as Tensor): items = t.scalars().map { number($0, t.dtype) }
            default: items = [value]
            }
            guard !items.isEmpty else { throw ScriptError.value("\(name)(): '\(param)' has an empty list of values") }
            dimensions.append((param, .values(hyperValues(items))))
            options[param] = items
        }
        return (try SearchSpace(dimensions), options)
    }

    /// The search's form of each value: numbers, strings and bools as they are, anything else
    /// by its position and repr.
    static func hyperValues(_ items: [Value]) -> [HyperValue] {
        items.enumerated().map { i, v in
            switch v {
            case .int(let n): return .int(n)
            case .float(let x): return .double(x)
            case .bool(let b): return .bool(b)
            case .str(let s): return .string(s)
            case .tensor(let t as Tensor) where t.count == 1 && t.ndim == 0:
                switch number(t.scalars()[0], t.dtype) {
                case .int(let n): return .int(n)
                case .float(let x): return .double(x)
                default: return .opaque(index: i, label: repr(v))
                }
            default: return .opaque(index: i, label: repr(v))
            }
        }
    }

    /// A tensor element as a Descent number: float32 values as the shortest decimal that reads
    /// back as the same float32 (`logspace(-3, 0, 4)` gives lr 0.001, not 0.0010000000474974513).
    private static func number(_ x: Double, _ dtype: DType) -> Value {
        switch dtype {
        case .int64: return .int(Int(x))
        case .float32: return .float(Double(Float(x).description) ?? x)
        case .float64: return .float(x)
        }
    }

    /// A configuration as Descent values, with opaque choices given back as the user's values.
    static func values(_ c: Configuration, _ options: [String: [Value]]) -> [(String, Value)] {
        c.pairs.map { name, h in
            switch h {
            case .int(let n): return (name, .int(n))
            case .double(let x): return (name, .float(x))
            case .bool(let b): return (name, .bool(b))
            case .string(let s): return (name, .str(s))
            case .opaque(let i, _): return (name, options[name].flatMap { i < $0.count ? $0[i] : nil } ?? .none)
            }
        }
    }

    /// The score of what a trial returned: a number, a one-element tensor, or a Run (its final
    /// validation loss; its final validation accuracy when maximizing). A diverged run is
    /// reported as diverged, with the run's own warning.
    static func score(_ v: Value, maximize: Bool, _ name: String) throws -> Double {
        if let r = Bind.object(v, RunObject.self)?.run {
            if r.diverged { throw TrialDiverged(r.warnings.first ?? "the run diverged") }
            let series = maximize ? r.valAccuracy : r.valLoss
            guard let last = series.last else {
                throw ScriptError.value("\(name)(): the trial's Run has no \(maximize ? "val_accuracy" : "val_loss") to score; pass validation= to fit (or return a number)")
            }
            return last
        }
        if let x = Operators.number(v) { return x }
        if case .tensor(let t as Tensor) = v, t.count == 1 { return try t.item() }
        throw ScriptError.type("\(name)(): a trial must return a number or a Run, not \(v.typeName)")
    }

    /// The Learn objective for a Descent trial: calls it with the configuration as keywords,
    /// captures what it prints, and turns an interrupt into the one Learn's pool recognizes.
    static func objective(_ a: borrowing Arguments, _ trial: Value, _ options: [String: [Value]], maximize: Bool,
                          call: @escaping (Trial) throws -> Value) -> Objective {
        let (ip, name) = (a.interpreter, a.name)
        return { t in
            // What the trial prints is kept with its record; its training shows no progress.
            let (savedSink, savedProgress) = (ip.sink, ip.progress)
            ip.sink = { out in if case .stream(_, let text) = out { t.log(text) } }
            ip.progress = .batch
            defer { (ip.sink, ip.progress) = (savedSink, savedProgress) }
            do {
                return try score(try call(t), maximize: maximize, name)
            } catch let e as ScriptError where e.kind == "KeyboardInterrupt" {
                throw EngineError(kind: "KeyboardInterrupt", message: "interrupted")
            }
        }
    }

    /// Options shared by the searches: each finished trial's output is shown in trial order, and
    /// the search's progress in `view`.
    static func options(_ a: borrowing Arguments, _ dispatch: TrialDispatch, _ view: SearchProgressView) throws -> TuningOptions {
        TuningOptions(maximize: try a.bool("maximize"), workers: try a.optionalInt("workers"), seed: try Bind.seed(a),
                      onStart: view.started, onTrial: shown(a, view), dispatch: dispatch)
    }

    /// Shows what a finished trial printed, then the search's progress with it.
    private static func shown(_ a: borrowing Arguments, _ view: SearchProgressView) -> (TrialRecord) -> Void {
        let ip = a.interpreter
        return { r in
            if !r.output.isEmpty { ip.emit(.stream(name: "stdout", text: r.output)) }
            view.update(r)
        }
    }

    /// Runs `body` with the search's progress display, drawn a last time when it ends.
    private static func displayed<T>(_ a: borrowing Arguments, _ body: (SearchProgressView) throws -> T) throws -> T {
        let view = SearchProgressView(a.interpreter, name: a.name, maximize: try a.bool("maximize"))
        defer { view.finish() }
        return try body(view)
    }

    /// The search's trial as a Descent call with keyword arguments.
    private static func search(_ a: borrowing Arguments, _ run: (SearchSpace, TuningOptions, @escaping Objective) throws -> SearchResult) throws -> Value {
        let (space, choices) = try space(a["space"], a.name)
        let trial = a["trial"], maximize = try a.bool("maximize")
        let ip = a.interpreter
        let f = objective(a, trial, choices, maximize: maximize) { t in
            try ip.call(trial, [], values(t.configuration, choices))
        }
        return try counted(a) { dispatch in
            try displayed(a) { view in
                let result = try run(space, try options(a, dispatch, view), f)
                return (.object(SearchResultObject(result, choices)), RecordedSearch(records: result.records))
            }
        }
    }

    /// The cluster a search runs on: its `cluster=` argument, else `DESCENT_CLUSTER`; nil for
    /// local workers.
    private static func cluster(_ a: borrowing Arguments) throws -> String? {
        switch a["cluster"] {
        case .none: break
        case .str(let address) where !address.isEmpty: return address
        default: throw a.wrongType("cluster", "a Ray address such as \"127.0.0.1:6379\", \"auto\" or \"ray://host:10001\"")
        }
        guard let address = ProcessInfo.processInfo.environment["DESCENT_CLUSTER"], !address.isEmpty else { return nil }
        return address
    }

    /// Runs a search started at the session's top level as search number n of the session and
    /// keeps its records, so that a cluster worker replaying the session can skip it (searches
    /// inside a trial run locally, uncounted). The one place that picks the dispatch: the
    /// cluster when one is set, the replay's part on a cluster worker, local workers otherwise.
    private static func counted(_ a: borrowing Arguments, _ body: (TrialDispatch) throws -> (Value, RecordedSearch)) throws -> Value {
        let state = TuningState.of(a.interpreter)
        guard state.running == 0 else { return try body(.local).0 }
        let number = state.started
        state.started += 1
        state.running += 1
        defer { state.running -= 1 }
        let dispatch: TrialDispatch
        if let replay = state.replay {
            dispatch = number == replay.search ? .serve(replay.server)
                : .recorded(number < replay.recorded.count ? replay.recorded[number] : .nothing)
        } else if let address = try cluster(a) {
            let cells = a.interpreter.history.map { RemoteSession.Cell(source: $0.source, ok: $0.ok) }
            dispatch = .cluster(state.cluster, address: address, session: RemoteSession(
                cells: cells, search: number, recorded: state.recorded, directory: FileManager.default.currentDirectoryPath))
        } else {
            dispatch = .local
        }
        do {
            let (value, recorded) = try body(dispatch)
            state.recorded.append(recorded)
            return value
        } catch {
            state.recorded.append(.nothing)
            throw error
        }
    }

    private static let common = "maximize=False, workers=None, seed=None, cluster=None"

    static let builtins: [Builtin] = [
        Builtin("grid_search", "trial, space, \(common)", """
            Calls trial(**params) for every combination of the space's lists (the first name varying slowest) \
            and returns the results as a table, best first. A trial returns a number or a Run (scored by its \
            final val_loss); lower is better unless maximize=True. Trials run in parallel (workers=None: one \
            per core; workers=1: one after another here) with the same results; cluster="host:port" (default: \
            the DESCENT_CLUSTER environment variable) runs them as tasks on that Ray cluster, each node replaying \
            the session's cells first. A trial that fails or diverges \
            is recorded with its error; interrupting stops the trials and returns the finished ones, marked partial, \
            then the interrupt stops the cell at its next statement.
            grid_search(trial, {"lr": logspace(-4, 0, 5), "batch_size": [16, 64]})
            """) { a in
            try search(a) { space, options, f in try gridSearch(space, options: options, f) }
        },
        Builtin("random_search", "trial, space, trials=20, \(common)", """
            Calls trial(**params) for `trials` configurations sampled from the space (uniform, loguniform, \
            choice; a list is a choice), seeded: the same seed gives the same samples and scores.
            random_search(trial, {"lr": loguniform(1e-4, 1), "hidden": choice([32, 64, 128])}, trials=30)
            """) { a in
            let n = try a.int("trials")
            return try search(a) { space, options, f in try randomSearch(space, trials: n, options: options, f) }
        },
        Builtin("evolve", "trial, space, population=8, generations=5, fraction=0.25, perturbation=1.2, resample=0.25, \(common)", """
            Evolutionary search over settings: samples a population, then each generation \
            replaces the worst `fraction` with children of the best (crossover, then each hyper-parameter \
            multiplied by perturbation or its inverse, or resampled with probability `resample`). Every \
            trial trains from scratch: no weights are inherited (pbt does that). \
            The result keeps every generation (result.generations, result.best_per_generation).
            evolve(trial, {"lr": loguniform(1e-4, 1), "momentum": uniform(0.5, 0.99)}, population=8, generations=6)
            """) { a in
            let settings = EvolutionSettings(fraction: try a.double("fraction"), perturbation: try a.double("perturbation"),
                                             resample: try a.double("resample"))
            let population = try a.int("population"), generations = try a.int("generations")
            return try search(a) { space, options, f in
                try Learn.evolve(space, population: population, generations: generations, settings: settings, options: options, f)
            }
        },
        Builtin("pbt", "step, space, model, population=8, rounds=8, fraction=0.25, perturbation=1.2, resample=0.25, \(common)", """
            Population-based training: `population` members, each a network made by model() (or a copy \
            of `model`), train side by side for `rounds` rounds of step(net, **params), which trains the \
            network in place for one round and returns a number or a Run. After each round the worst \
            `fraction` copy the weights and settings of one of the best (exploit), perturb the settings \
            as evolve does (explore) and train on from the copied weights, so each member's settings \
            become a schedule (result.schedule["lr"]). A round's members train in parallel, in workers \
            or on a cluster, with their weights sent along; an optimizer made inside step starts afresh \
            each round. result.model is the best member's network.
            pbt(lambda net, lr: fit(net, train, optimizer=SGD(lr=lr), epochs=3, validation=val), {"lr": loguniform(1e-3, 1)}, lambda: MLP([4, 16, 3]))
            """) { a in
            let (space, choices) = try space(a["space"], a.name)
            let step = a["step"], model = a["model"], maximize = try a.bool("maximize")
            let settings = EvolutionSettings(fraction: try a.double("fraction"), perturbation: try a.double("perturbation"),
                                             resample: try a.double("resample"))
            let template = Bind.object(model, NetworkObject.self)
            switch model {
            case .function, .builtin, .method: break
            case .object where template != nil: break
            default:
                throw ScriptError.type("pbt(): model must be a network or a function that makes one, such as lambda: MLP([4, 16, 3]); got \(model.typeName)")
            }
            var member = Value.none
            let ip = a.interpreter
            let round = objective(a, step, choices, maximize: maximize) { t in
                try ip.call(step, [member], values(t.configuration, choices))
            }
            let population = try a.int("population"), rounds = try a.int("rounds")
            let codec = MemberCodec<NetworkObject>(
                encode: { Data(SafetensorsFormat.encode($0.layer.namedParameters())) },
                load: { data, net in
                    try net.assign(Dictionary(uniqueKeysWithValues: try SafetensorsFormat.decode([UInt8](data), path: "pbt member")),
                                   from: "the member's saved state")
                })
            return try counted(a) { dispatch in
                let (result, states) = try displayed(a) { view in
                    try populationBasedTraining(
                        space, population: population, rounds: rounds, settings: settings, options: try options(a, dispatch, view),
                        start: { _ in
                            try template.map { NetworkObject(try $0.layer.copy()) }
                                ?? NetworkBuiltins.network(try ip.call(model, []), "pbt(): what model() returned")
                        },
                        copy: { NetworkObject(try $0.layer.copy()) },
                        train: { net, t in
                            member = .object(net)
                            return try round(t)
                        },
                        codec: codec)
                }
                // A replay of the session on a cluster worker takes the members from here.
                return (.object(SearchResultObject(result, choices, members: states)),
                        RecordedSearch(records: result.records, members: try states.map(codec.encode)))
            }
        },
        Builtin("cross_validate", "trial, data, k=5, loss=None, optimizer=None, epochs=10, batch_size=32, \(common)", """
            K-fold cross-validation: the folds are fixed by the seed and every example is validated exactly \
            once. `trial` is a function of (train, validation) returning a number or a Run, or a network: \
            then a copy of it is trained with fit(loss=, optimizer=, epochs=, batch_size=) on each fold and \
            scored by its validation loss. Shows the mean and standard deviation over the folds.
            cross_validate(lambda train, val: fit(MLP([4, 16, 3]), train, validation=val), iris(), k=5)
            """) { a in
            let data = try DataBuiltins.dataset(a["data"], "cross_validate() argument 'data'")
            let trial = a["trial"], maximize = try a.bool("maximize")
            let call: (Dataset, Dataset) throws -> Value
            if let net = Bind.object(trial, NetworkObject.self) {
                let loss = try TrainingBuiltins.loss(a, data), recipe = try TrainingBuiltins.recipe(a["optimizer"], a.name)
                let epochs = try a.int("epochs"), batch = try a.optionalInt("batch_size")
                call = { train, validation in
                    .object(RunObject(try fit(try net.layer.copy(), train, loss: loss, optimizer: recipe, epochs: epochs,
                                              batchSize: batch, validation: validation)))
                }
            } else {
                let ip = a.interpreter
                call = { train, validation in try ip.call(trial, [.object(DatasetObject(train)), .object(DatasetObject(validation))]) }
            }
            var folds: (Dataset, Dataset)?
            let f = objective(a, trial, [:], maximize: maximize) { _ in
                guard let (train, validation) = folds else { return .none }
                return try call(train, validation)
            }
            let k = try a.int("k")
            return try counted(a) { dispatch in
                try displayed(a) { view in
                    let cv = try crossValidate(data, k: k, options: try options(a, dispatch, view)) { train, validation, t in
                        folds = (train, validation)
                        return try f(t)
                    }
                    return (.object(CrossValidationObject(cv)), RecordedSearch(records: cv.folds))
                }
            }
        },
        Builtin("uniform", "low, high", "Uniform in [low, high), for random_search and evolve.") { a in
            .object(DistributionObject(try .uniform(try a.double("low"), try a.double("high"))))
        },
        Builtin("loguniform", "low, high",
                "Log-uniform in [low, high): every decade equally likely (learning rates), for random_search and evolve.") { a in
            .object(DistributionObject(try .logUniform(try a.double("low"), try a.double("high"))))
        },
        Builtin("choice", "options", "One of the options, equally likely, for random_search and evolve.") { a in
            let items = try Access.sequence(a["options"])
            return .object(DistributionObject(try .choice(hyperValues(items)), options: items))
        },
    ]
}

/// A session's searches, counted so that a cluster worker replaying the session knows which one
/// it serves and skips the ones before it.
final class TuningState {
    /// Searches started at the session's top level.
    var started = 0
    /// Searches running now: one started inside a trial is not counted.
    var running = 0
    /// Each finished top-level search, by its number.
    var recorded: [RecordedSearch] = []
    /// The session's Ray driver, started by its first search on a cluster and kept for the
    /// later ones; it ends with the session.
    let cluster = ClusterConnection()
    /// On a cluster worker: the search it serves and the records of those before it.
    var replay: (search: Int, recorded: [RecordedSearch], server: TrialServer)?

    static func of(_ ip: Interpreter) -> TuningState {
        if let state = ip.libraryState[ObjectIdentifier(TuningState.self)] as? TuningState { return state }
        let state = TuningState()
        ip.libraryState[ObjectIdentifier(TuningState.self)] = state
        return state
    }
}

/// `descent trial-worker`: a cluster worker's `descent`, started by the Ray bridge on a node.
public enum ClusterWorker {
    /// Reads the driver's session (a `RemoteSession`, one JSON line on `input`), replays its
    /// cells in a fresh session, and serves the search it names: each trial line on `input` is
    /// answered with its record on `output`, until `input` ends. A cell that ran without error
    /// in the driver's session but fails here (a file this machine lacks) ends the worker with
    /// an error line naming the cell, as does a replay that never reaches the search.
    public static func serve(input: Int32, output: Int32) -> Never {
        let server = TrialServer(input: input, output: output)
        let remote: RemoteSession
        do { remote = try server.receiveSession() } catch { server.fail("the session sent is unreadable: \(error)") }
        if FileManager.default.fileExists(atPath: remote.directory) {
            _ = FileManager.default.changeCurrentDirectoryPath(remote.directory)
        }
        let session = Session()
        session.outputLimit = nil
        session.progress = .batch
        let state = TuningState()
        state.replay = (remote.search, remote.recorded, server)
        session.libraryState[ObjectIdentifier(TuningState.self)] = state
        for (n, cell) in remote.cells.enumerated() {
            var failure = ""
            let status = session.execute(cell.source, name: "Cell \(n + 1)") { out in
                if case .error(let name, let value, _) = out { failure = "\(name): \(value)" }
            }
            if status != .ok, cell.ok != false {
                server.fail("replaying the session on this node, cell \(n + 1) failed: \(failure) (a cluster worker replays the cells the session ran: what they read must be on every node)")
            }
        }
        server.fail("replaying the session on this node never reached search \(remote.search + 1) of the session")
    }
}

/// `uniform(a, b)`, `loguniform(a, b)`, `choice([...])`: where a hyper-parameter's values come from.
final class DistributionObject: LibraryObject {
    let distribution: Distribution
    /// The user's values of a `choice`, by position.
    let options: [Value]

    init(_ distribution: Distribution, options: [Value] = []) {
        self.distribution = distribution
        self.options = options
    }

    var typeName: String { "Distribution" }
    var attributeNames: [String] { [] }
    func attribute(_ name: String) throws -> Value? { nil }
    var repr: String { distribution.description }
}

/// A search's results: a table best first, `.best` (a dict to pass on), scores for plots,
/// and a heatmap for a two-parameter grid.
final class SearchResultObject: LibraryObject, HeatmapSource {
    let result: SearchResult
    let options: [String: [Value]]
    /// For `pbt`: each member's network at the end, in member order.
    let members: [NetworkObject]

    init(_ result: SearchResult, _ options: [String: [Value]], members: [NetworkObject] = []) {
        self.result = result
        self.options = options
        self.members = members
    }

    var typeName: String { "SearchResult" }
    var attributeNames: [String] {
        ["best", "best_score", "trials", "scores", "best_so_far", "best_per_generation", "generations", "partial",
         "method", "wall_time"] + (result.method == "pbt" ? ["model", "models", "schedule"] : [])
    }

    private func dict(_ pairs: [(String, Value)]) throws -> Value {
        let d = DictBox()
        for (k, v) in pairs { try d.set(.str(k), v) }
        return .dict(d)
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "best": return try result.bestConfiguration.map { try dict(TuningBuiltins.values($0, options)) } ?? Value.none
        case "best_score": return result.best?.score.map { .float($0) } ?? Value.none
        case "trials":
            return .list(ListBox(try result.records.map { r in
                let outcome: [(String, Value)] = [
                    ("score", r.score.map { .float($0) } ?? .none), ("time", .float(r.seconds)),
                    ("status", .str(r.status.rawValue)), ("error", r.error.map { .str($0) } ?? .none),
                    ("generation", .int(r.generation)), ("parent", r.parent.map { .int($0) } ?? .none),
                    ("node", r.node.map { .str($0) } ?? .none), ("retries", .int(r.retries ?? 0)),
                ]
                return try dict([("trial", .int(r.index))] + TuningBuiltins.values(r.configuration, options) + outcome)
            }))
        case "scores": return Bind.list(result.scores)
        case "best_so_far": return Bind.list(result.bestSoFar)
        case "best_per_generation": return Bind.list(result.bestPerGeneration)
        case "generations": return .list(ListBox(result.generations.map { .list(ListBox($0.map { .int($0) })) }))
        case "partial": return .bool(result.partial)
        case "method": return .str(result.method)
        case "wall_time": return .float(result.seconds)
        case "model" where result.method == "pbt":
            guard let best = result.best, let round = result.generations.last, let m = round.firstIndex(of: best.index),
                  m < members.count else { return Value.none }
            return .object(members[m])
        case "models" where result.method == "pbt": return .list(ListBox(members.map { .object($0) }))
        case "schedule" where result.method == "pbt": return try schedule()
        default: return nil
        }
    }

    /// For `pbt`: each hyper-parameter's values as {name: [[member 0's value in each round], ...]}.
    private func schedule() throws -> Value {
        let rounds = result.generations.map { $0.compactMap(result.record) }
        let population = rounds.first?.count ?? 0
        return try dict(result.space.names.map { name in
            (name, .list(ListBox((0..<population).map { m in
                .list(ListBox(rounds.compactMap { round in
                    m < round.count ? TuningBuiltins.values(round[m].configuration, options).first { $0.0 == name }?.1 : nil
                }))
            })))
        })
    }

    var repr: String { result.description }
    var mimeBundle: MimeBundle { MimeBundle(data: ["text/plain": .text(result.description), "text/html": .text(result.html)]) }
    var helpText: String {
        "\(result.summary)\n\nAttributes: " + attributeNames.joined(separator: ", ")
            + ". heatmap(result) draws a two-parameter grid; plot(result.scores) the score of each trial."
    }

    func heatmap() throws -> Heatmap {
        let m = try result.gridMatrix()
        return try Heatmap(values: m.scores.flatMap { $0 }, rows: m.rowLabels.count, columns: m.columnLabels.count,
                           rowLabels: m.rowLabels, columnLabels: m.columnLabels, rowTitle: m.rowName,
                           columnTitle: m.columnName, colorBarLabel: "score", best: result.maximize ? .maximum : .minimum)
    }
}

/// The result of `cross_validate`: `.mean`, `.std`, `.scores` over the folds.
final class CrossValidationObject: LibraryObject {
    let cv: CrossValidation

    init(_ cv: CrossValidation) { self.cv = cv }

    var typeName: String { "CrossValidation" }
    var attributeNames: [String] { ["mean", "std", "scores", "k", "partial"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "mean": return .float(cv.mean)
        case "std": return .float(cv.std)
        case "scores": return Bind.list(cv.scores)
        case "k": return .int(cv.k)
        case "partial": return .bool(cv.partial)
        default: return nil
        }
    }

    var repr: String { cv.description }
}
