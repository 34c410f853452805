import ArgumentParser
import Foundation
import LanguageCore
import Learn
import Notebook

/// `descent run`: executes notebooks in process, for CI and for the demo.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute notebooks and write their outputs.",
        discussion: """
            Runs every code cell in order in one session. Without --output or --inplace the \
            notebooks are only executed; the exit status is non-zero at the first failing cell \
            (unless --allow-errors or the cell is tagged raises-exception).
            """)

    @Argument(help: "The notebooks (.ipynb) to execute.")
    var notebooks: [String]

    @Option(name: .shortAndLong, help: "Where to write the executed notebook (a directory when several are given).")
    var output: String?

    @Flag(help: "Write each executed notebook back over its input.")
    var inplace = false

    @Option(help: "Seconds a cell may run before it is interrupted and fails.")
    var timeout: Double?

    @Flag(help: "Run every cell even after one fails; errors stay in the outputs.")
    var allowErrors = false

    @Option(name: .customShort("p"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A parameter name=value, injected after the cell tagged 'parameters'.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: "Also write every figure the notebooks show as a PNG file into this directory.")
    var figures: String?

    @Flag(help: "Re-execute and compare the text outputs with those stored in the notebook (images ignored).")
    var check = false

    @Option(help: ArgumentHelp("Run only every n-th notebook of the sorted list, starting at the k-th (a CI job matrix).",
                               valueName: "k/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Run each notebook as a task on this Ray cluster (what ray.init's address takes); outputs are written here.",
                               valueName: "address"))
    var cluster: String?

    func validate() throws {
        if inplace && output != nil { throw ValidationError("--inplace and --output exclude each other") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let shard {
            do { _ = try Shard(argument: shard) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The notebooks this run executes: all of them, or this shard's.
    private var selected: [String] {
        guard let shard, let s = try? Shard(argument: shard) else { return notebooks }
        return s.pick(notebooks)
    }

    func run() throws {
        try refuseOverwrites()
        let options = RunOptions(timeout: timeout, allowErrors: allowErrors,
                                 parameters: try parameters.map { try Parameter(argument: $0) })
        var failed = 0
        let paths = selected
        if let cluster {
            failed = try runOnCluster(cluster, paths)
        } else {
            for path in paths {
                if !runOne(path, options: options) { failed += 1 }
            }
        }
        if paths.count > 1 || shard != nil {
            print("notebooks\(shard.map { " (shard \($0))" } ?? ""): \(paths.count - failed) passed, \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Runs one notebook and prints its summary line; returns whether it passed.
    private func runOne(_ path: String, options: RunOptions) -> Bool {
        let input = URL(fileURLWithPath: path)
        let notebook: Notebook
        do {
            notebook = try Notebook(contentsOf: input)
        } catch {
            printError("\(error)")
            return false
        }
        let runner = NotebookRunner(options: options)
        for warning in runner.parameterWarnings(for: notebook) { printError("\(path): warning: \(warning)") }
        let report = runner.run(notebook)
        var passed = report.failure == nil
        var summary = "\(path): \(report.cellsRun) cells ran in \(String(format: "%.2f", report.seconds)) s"
        if report.errorsAllowed > 0 { summary += ", \(report.errorsAllowed) allowed errors" }
        if check {
            let mismatches: [OutputComparison.Mismatch]
            do {
                mismatches = try OutputComparison.mismatches(stored: notebook, produced: report.notebook)
            } catch {
                printError("\(path): \(error)")
                return false
            }
            for m in mismatches { printError("\(path): \(m)") }
            if !mismatches.isEmpty {
                passed = false
                summary += ", \(mismatches.count) cells differ from the stored outputs"
            }
        }
        if let destination = destination(for: input) {
            do {
                try report.notebook.write(to: destination)
                summary += " -> \(destination.path)"
            } catch {
                printError("\(error)")
                return false
            }
        }
        if let figures {
            do {
                let stem = input.deletingPathExtension().lastPathComponent
                let files = try report.notebook.writeFigures(to: URL(fileURLWithPath: figures), stem: stem)
                if !files.isEmpty { summary += ", \(files.count) figures in \(figures)" }
            } catch {
                printError("\(path): cannot write figures: \(error)")
                return false
            }
        }
        if let failure = report.failure {
            printError("\(path): FAILED at \(failure)")
            summary += ", FAILED at cell \(failure.cellNumber)"
        }
        print(summary)
        return passed
    }

    /// What the Ray bridge needs to run the notebooks: their text, and this run's options.
    private struct ClusterHello: Encodable {
        struct Item: Encodable {
            var path: String
            var text: String
        }
        var address: String
        var binary: String
        var notebooks: [Item]
        var directory: String
        var arguments: [String]
    }

    /// One notebook run on a node: `descent run` there with this run's options (and `--check`
    /// there, against the notebook's stored outputs), the executed notebook sent back.
    private struct ClusterResult: Decodable {
        var notebook: Int
        var executed: String?
        var status: Int
        var stdout: String
        var stderr: String
        var node: String?
    }

    /// `--cluster`: every notebook as a Ray task, each written here (output, figures) and its
    /// summary printed as it finishes; the number that failed.
    private func runOnCluster(_ address: String, _ paths: [String]) throws -> Int {
        var arguments = check ? ["--check"] : []
        if allowErrors { arguments.append("--allow-errors") }
        if let timeout { arguments += ["--timeout", String(timeout)] }
        for p in parameters { arguments += ["-p", p] }
        let items = try paths.map { path in
            do {
                return ClusterHello.Item(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw ValidationError("\(path): cannot read the notebook: \(error.localizedDescription)")
            }
        }
        let bridge: RayBridge
        do {
            bridge = try RayBridge("--cluster \(address)", hello: ClusterHello(
                address: address, binary: RayBridge.binary, notebooks: items,
                directory: FileManager.default.currentDirectoryPath, arguments: arguments))
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        var failed = 0
        var finished = Set<Int>()
        while finished.count < paths.count, let line = bridge.nextLine() {
            guard let r = try? JSONDecoder().decode(ClusterResult.self, from: line), paths.indices.contains(r.notebook) else { continue }
            finished.insert(r.notebook)
            let path = paths[r.notebook], input = URL(fileURLWithPath: path)
            if !r.stderr.isEmpty { FileHandle.standardError.write(Data(r.stderr.utf8)) }
            var summary = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if let node = r.node { summary += " on \(node)" }
            var passed = r.status == 0
            if let text = r.executed {
                do {
                    let executed = try Notebook(data: Data(text.utf8), name: path)
                    if let destination = destination(for: input) {
                        try executed.write(to: destination)
                        summary += " -> \(destination.path)"
                    }
                    if let figures {
                        let stem = input.deletingPathExtension().lastPathComponent
                        let files = try executed.writeFigures(to: URL(fileURLWithPath: figures), stem: stem)
                        if !files.isEmpty { summary += ", \(files.count) figures in \(figures)" }
                    }
                } catch {
                    printError("\(path): \(error)")
                    passed = false
                }
            }
            if !passed { failed += 1 }
            print(summary.isEmpty ? "\(path): FAILED on the cluster" : summary)
        }
        for i in paths.indices where !finished.contains(i) {
            printError("\(paths[i]): not run: the Ray bridge ended")
            failed += 1
        }
        return failed
    }

    /// Two notebooks of one file name from different folders would overwrite each other's
    /// output (or figures, named after the notebook): refused before anything runs.
    private func refuseOverwrites() throws {
        var writers: [String: String] = [:]
        func claim(_ target: String, by path: String) throws {
            if let other = writers.updateValue(path, forKey: target) {
                throw ValidationError("\(other) and \(path) would both be written to \(target); "
                                      + "give them different names or run them separately")
            }
        }
        for path in notebooks {
            let input = URL(fileURLWithPath: path)
            if let destination = destination(for: input) {
                try claim(destination.resolvingSymlinksInPath().path, by: path)
            }
            if let figures {
                let stem = input.deletingPathExtension().lastPathComponent
                try claim(URL(fileURLWithPath: figures).appendingPathComponent("\(stem)-cell*.png").path, by: path)
            }
        }
    }

    private func destination(for input: URL) -> URL? {
        if inplace { return input }
        guard let output else { return nil }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if notebooks.count > 1 || output.hasSuffix("/") || (exists && isDirectory.boolValue) {
            return URL(fileURLWithPath: output).appendingPathComponent(input.lastPathComponent)
        }
        return URL(fileURLWithPath: output)
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
