import ArgumentParser
import Engine
import Foundation
import Interruption
import LanguageCore
import LanguageLibrary

/// `descent FILE.descent`: runs a script as one cell and exits non-zero on error, with the
/// traceback on stderr. Without a file, starts the REPL.
struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script", abstract: "Run a .descent script (the default: `descent FILE.descent`); no file starts the REPL.")

    @Argument(help: "The script to run.")
    var file: String?

    func run() throws {
        guard let file else {
            try ReplCommand().run()
            return
        }
        let code: String
        do { code = try Files.readText(file, for: "descent") } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        let session = Session()
        session.outputLimit = nil  // a terminal, file or pipe takes all of it
        session.progress = isatty(STDERR_FILENO) == 1 ? .terminal : .batch
        let terminal = TerminalOutput()
        session.inputHandler = { prompt in
            FileHandle.standardOutput.write(Data(prompt.utf8))
            guard let line = readLine() else { throw ScriptError("EOFError", "EOF when reading a line") }
            return line
        }
        signal(SIGINT) { _ in Interrupt.request() }
        let status = session.execute(code, name: file) { terminal.show($0) }
        if case .error = status { throw ExitCode(1) }
    }
}
