import LanguageCore
import Learn

/// A training run: shown as one line; `.loss` (per step), `.epoch_loss`, `.val_loss`,
/// `.val_accuracy`, `.lr`, `.wall_time`... as lists of numbers.
final class RunObject: LibraryObject {
    let run: Run

    init(_ run: Run) { self.run = run }

    var typeName: String { "Run" }
    var attributeNames: [String] {
        ["loss", "epoch_loss", "val_loss", "val_accuracy", "lr", "wall_time", "epoch_time", "epochs", "final_loss",
         "diverged", "name", "model", "optimizer", "batch_size", "warnings"]
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "loss": return Bind.list(run.stepLoss)
        case "epoch_loss": return Bind.list(run.epochLoss)
        case "val_loss": return Bind.list(run.valLoss)
        case "val_accuracy": return Bind.list(run.valAccuracy)
        case "lr": return Bind.list(run.learningRate)
        case "wall_time": return .float(run.wallTime)
        case "epoch_time": return Bind.list(run.epochTime)
        case "epochs": return .int(run.epochs)
        case "final_loss": return .float(run.finalLoss)
        case "diverged": return .bool(run.diverged)
        case "name": return .str(run.name)
        case "model": return run.model.map { .object(NetworkObject($0)) } ?? Value.none
        case "optimizer": return .object(try OptimizerObject(run.settings.optimizer, parameters: nil))
        case "batch_size": return run.settings.batchSize.map { .int($0) } ?? Value.none
        case "warnings": return .list(ListBox(run.warnings.map { .str($0) }))
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws {
        guard name == "name", case .str(let s) = value else {
            throw ScriptError.attribute("'Run' object attribute '\(name)' is read-only; only name (a str) can be set")
        }
        run.name = s
    }

    var repr: String { run.description }
    var helpText: String { "\(repr)\n\nAttributes: " + attributeNames.joined(separator: ", ") + ". plot(run) draws its loss curve." }
}

/// The runs `compare` returns: indexed by position or by name, iterable, shown as a table.
final class RunsObject: LibraryObject, IndexableObject, IterableObject, SizedObject {
    let runs: [RunObject]

    init(_ runs: [RunObject]) { self.runs = runs }

    var typeName: String { "Runs" }
    var attributeNames: [String] { ["names", "best"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "names": return .list(ListBox(runs.map { .str($0.run.name) }))
        case "best":
            let score = { (r: Run) in r.valLoss.last ?? r.finalLoss }
            return runs.filter { score($0.run).isFinite }.min { score($0.run) < score($1.run) }.map { .object($0) } ?? Value.none
        default: return nil
        }
    }

    func item(_ sub: Subscript) throws -> Value {
        if case .single(.str(let name)) = sub {
            guard let r = runs.first(where: { $0.run.name == name }) else {
                throw ScriptError.key("no run named \(quote(name)); the runs are " + runs.map { quote($0.run.name) }.joined(separator: ", "))
            }
            return .object(r)
        }
        return try Access.getItem(.list(ListBox(runs.map { .object($0) })), sub)
    }

    func makeIterator() throws -> () throws -> Value? {
        var i = 0
        let runs = self.runs
        return {
            defer { i += 1 }
            return i < runs.count ? .object(runs[i]) : nil
        }
    }

    var count: Int { runs.count }

    var table: TextTable {
        let hasVal = runs.contains { !$0.run.valLoss.isEmpty }
        let hasAcc = runs.contains { !$0.run.valAccuracy.isEmpty }
        let header = ["run", "optimizer", "epochs", "loss"] + (hasVal ? ["val_loss"] : []) + (hasAcc ? ["val_accuracy"] : []) + ["time (s)"]
        let rows = runs.map { r -> [String] in
            let run = r.run
            var row = [run.name, run.settings.optimizer.description, "\(run.epochs)", Formatting.short(run.finalLoss)]
            if hasVal { row.append(run.valLoss.last.map(Formatting.short) ?? "") }
            if hasAcc { row.append(run.valAccuracy.last.map(Formatting.short) ?? "") }
            row.append(Formatting.short(run.wallTime) + (run.diverged ? " (diverged)" : ""))
            return row
        }
        return TextTable(header: header, rows: rows, numeric: Set(2..<header.count))
    }

    var repr: String { "Runs(" + runs.map(\.repr).joined(separator: ",\n     ") + ")" }
    var mimeBundle: MimeBundle { table.bundle }
}

/// What `evaluate` returns: `.loss`, `.accuracy` (None for regression), `.count`.
final class EvaluationObject: LibraryObject {
    let evaluation: Evaluation

    init(_ evaluation: Evaluation) { self.evaluation = evaluation }

    var typeName: String { "Evaluation" }
    var attributeNames: [String] { ["loss", "accuracy", "count"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "loss": return .float(evaluation.loss)
        case "accuracy": return evaluation.accuracy.map { .float($0) } ?? Value.none
        case "count": return .int(evaluation.count)
        default: return nil
        }
    }

    var repr: String { evaluation.description }
}

/// The path `minimize` took: `.points` (steps + 1, variables), `.values`, `.final`, `.x`, `.y`.
final class TrajectoryObject: LibraryObject {
    let trajectory: Learn.Trajectory
    /// A label for legends: the optimizer's name unless set.
    var label: String

    init(_ trajectory: Learn.Trajectory) {
        self.trajectory = trajectory
        label = trajectory.optimizer.name
    }

    var typeName: String { "Trajectory" }
    var attributeNames: [String] { ["points", "values", "final", "x", "y", "steps", "diverged", "optimizer", "label"] }

    func coordinate(_ i: Int) -> [Double] { trajectory.points.map { i < $0.count ? $0[i] : .nan } }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "points": return .list(ListBox(trajectory.points.map { .tuple($0.map { .float($0) }) }))
        case "values": return Bind.list(trajectory.values)
        case "final": return .tuple(trajectory.final.map { .float($0) })
        case "x": return Bind.list(coordinate(0))
        case "y": return Bind.list(coordinate(1))
        case "steps": return .int(max(0, trajectory.points.count - 1))
        case "diverged": return .bool(trajectory.diverged)
        case "optimizer": return .object(try OptimizerObject(trajectory.optimizer, parameters: nil))
        case "label": return .str(label)
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws {
        guard name == "label", case .str(let s) = value else {
            throw ScriptError.attribute("'Trajectory' object attribute '\(name)' is read-only; only label (a str) can be set")
        }
        label = s
    }

    var repr: String { trajectory.description }
}

/// Numbers as summaries show them.
enum Formatting {
    /// Four significant digits: `0.04213`, `1.235e-05`.
    static func short(_ v: Double) -> String { String(format: "%.4g", v) }
}
