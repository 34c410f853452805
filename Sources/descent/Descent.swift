import ArgumentParser
import Notebook

/// The `descent` command: one binary for the Jupyter kernel, the terminal REPL and the
/// notebook runner, so that a notebook behaves the same wherever it runs.
@main
struct Descent: ParsableCommand {
    static let version = DescentLanguage.version

    static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "A notebook kernel, REPL and runner for optimization and deep learning.",
        version: version,
        subcommands: [DemoCommand.self, KernelCommand.self, InstallCommand.self, RunCommand.self, ReplCommand.self, ScriptCommand.self, TrialWorkerCommand.self],
        defaultSubcommand: ScriptCommand.self
    )
}
