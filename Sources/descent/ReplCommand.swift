import ArgumentParser
// libedit is configured and read through C globals, which Swift 6 cannot prove safe to share:
// only the REPL's thread touches them (see `Repl`).
@preconcurrency import CEditLine
import Engine
import Foundation
import Interruption
import LanguageCore
import LanguageLibrary
import Synchronization

/// `descent repl`: an interactive session on libedit. `>>> ` starts a cell and `... `
/// continues it, as `Session.isComplete` decides; continuation lines come pre-indented; Tab
/// completes from `Session.complete`; history lives in ~/.descent_history. Ctrl-C interrupts a
/// running cell or clears the line being typed; Ctrl-D on an empty line exits.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive Descent REPL.")

    func run() throws {
        let session = Session()
        session.outputLimit = nil  // a terminal, file or pipe takes all of it
        session.progress = isatty(STDERR_FILENO) == 1 ? .terminal : .batch
        Repl.session = session
        let terminal = TerminalOutput()
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let history = (home as NSString).appendingPathComponent(".descent_history")
        Repl.install()
        _ = read_history(history)
        session.inputHandler = { prompt in
            Repl.idle.store(true, ordering: .relaxed)
            defer { Repl.idle.store(false, ordering: .relaxed) }
            guard let line = Repl.readLine(prompt) else { throw ScriptError("EOFError", "EOF when reading a line") }
            return line
        }
        print("Descent \(Descent.version): help() lists every built-in; Ctrl-D exits.")
        var count = 0
        while true {
            var cell = ""
            var prompt = ">>> "
            Repl.pendingIndent = ""
            var interrupted = false
            while true {
                Repl.idle.store(true, ordering: .relaxed)
                Repl.interruptedWhileIdle.store(false, ordering: .relaxed)
                let line = Repl.readLine(prompt)
                Repl.idle.store(false, ordering: .relaxed)
                if Repl.interruptedWhileIdle.load(ordering: .relaxed) {
                    print("\nKeyboardInterrupt")
                    interrupted = true
                    break
                }
                guard let line else {
                    print("")
                    _ = write_history(history)
                    return
                }
                cell += (cell.isEmpty ? "" : "\n") + line
                switch session.isComplete(cell) {
                case .incomplete(let indent):
                    prompt = "... "
                    Repl.pendingIndent = line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : indent
                    continue
                case .complete, .invalid:
                    break
                }
                break
            }
            if interrupted || cell.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            add_history(cell)
            _ = write_history(history)
            count += 1
            session.execute(cell, executionCount: count, name: "<stdin>") { terminal.show($0) }
        }
    }
}

/// The C callbacks libedit calls (completion, startup hook, getc) reach the session through
/// these globals: C function pointers cannot capture context.
///
/// The unsafe ones are safe by thread: only the REPL's thread touches them, both in its own code
/// and in the callbacks, which libedit makes from inside `readline` on the thread that called it.
/// What the SIGINT handler (any thread) reads or writes is atomic.
enum Repl {
    nonisolated(unsafe) static var session: Session?
    nonisolated(unsafe) static var pendingIndent = ""
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var typeAhead: [UInt8] = []
    /// Whether the REPL is waiting for a line, when Ctrl-C clears the line instead of interrupting.
    static let idle = Atomic<Bool>(false)
    static let interruptedWhileIdle = Atomic<Bool>(false)

    static func install() {
        rl_catch_signals = 0
        rl_completer_word_break_characters = strdup(" \t\n\"'`@$><=;|&{([,.+-*/%:")
        rl_attempted_completion_function = { text, start, end in
            guard let session = Repl.session, let buffer = rl_line_buffer else { return nil }
            let line = String(cString: buffer)
            let cursor = String(decoding: Array(line.utf8).prefix(Int(rl_point)), as: UTF8.self).unicodeScalars.count
            Repl.matches = session.complete(line, cursor: cursor).matches
            rl_completion_append_character = 0
            return rl_completion_matches(text) { _, state in
                let i = Int(state)
                guard i < Repl.matches.count else { return nil }
                return strdup(Repl.matches[i])
            }
        }
        // Our own getc: it types the continuation indent first (libedit clears text inserted
        // before it starts reading), and a Ctrl-C while typing ends readline with a flag set.
        rl_getc_function = { _ in
            if !Repl.typeAhead.isEmpty { return Int32(Repl.typeAhead.removeFirst()) }
            var c: UInt8 = 0
            while true {
                let n = Foundation.read(STDIN_FILENO, &c, 1)
                if n == 1 { return Int32(c) }
                if n < 0 && errno == EINTR {
                    if Repl.interruptedWhileIdle.load(ordering: .relaxed) { return EOF }
                    continue
                }
                return EOF
            }
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Repl.idle.load(ordering: .relaxed) { Repl.interruptedWhileIdle.store(true, ordering: .relaxed) } else { Interrupt.request() }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    static func readLine(_ prompt: String) -> String? {
        typeAhead = Array(pendingIndent.utf8)
        pendingIndent = ""
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }
}
