import Kernel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test-only backend for the socket tests, until the Descent language drives the kernel:
/// one statement per line, integers and names, and a few commands that exercise each
/// kind of output. It is not the language; it only lets Python clients reach every message.
///
///     x = 1 + 2          assignment          x            value (execute_result)
///     print(text)        stdout              warn(text)   stderr
///     input(prompt)      input_request       png()        display_data with a PNG
///     progress()         display + update    clear()      clear_output
///     loop()             spins until interrupted           fail()  an error
///     sleep(ms)          waits                             big(n)  n bytes on stdout
///     comm(target)       opens a comm from the kernel, with a 3-byte buffer
///
/// Comm target `toy.echo`: each `comm_msg` is answered with its data and buffers, and
/// printed; `{"close": true}` closes the comm from the kernel's side; `{"later": n}` prints
/// `ran n` after 20 ms (a redraw) once no request waits: only the newest of those sent together runs.
final class ToyBackend: KernelBackend {
    private var variables: [String: Int] = [:]
    private var comms: CommManager?
    private let interruptFlag = Atomic<Bool>(false)
    private static let commands = ["print", "warn", "input", "png", "progress", "clear", "loop", "fail", "help", "sleep", "big", "comm"]

    /// A 1x1 transparent PNG.
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

    let info = BackendInfo(
        implementation: "descent-test-kernel", implementationVersion: "0.1",
        languageInfo: ["name": "toy", "version": "0.1", "mimetype": "text/x-toy", "file_extension": ".toy",
                       "pygments_lexer": "python", "codemirror_mode": "python"],
        banner: "Toy kernel for protocol tests", helpLinks: [(text: "Jupyter", url: "https://jupyter.org")])

    func execute(_ code: String, context: ExecutionContext) {
        interruptFlag.store(false, ordering: .relaxed)
        var last: Int?
        for line in code.split(separator: "\n").map({ $0.trimmingSpaces }) where !line.isEmpty {
            last = nil
            do { last = try run(line, context) } catch let error as ExecutionError {
                context.error(error)
                return
            } catch {
                context.error(ExecutionError(name: "Error", value: "\(error)"))
                return
            }
        }
        if let last { context.result(DisplayBundle(text: String(last))) }
    }

    private func run(_ line: String, _ context: ExecutionContext) throws -> Int? {
        if let (name, argument) = call(line) {
            switch name {
            case "print": context.stream(.stdout, argument + "\n")
            case "warn": context.stream(.stderr, argument + "\n")
            case "input":
                let answer: String
                do { answer = try context.input(prompt: argument, password: false) } catch {
                    throw ExecutionError(name: "InputError", value: "\(error)")
                }
                context.stream(.stdout, "got " + answer + "\n")
            case "png":
                context.display(DisplayBundle(data: ["image/png": .string(Self.png), "text/plain": "<image>"],
                                              metadata: ["image/png": ["width": 1, "height": 1]]), id: nil)
            case "progress":
                context.display(DisplayBundle(text: "0%"), id: "progress-1")
                context.updateDisplay(DisplayBundle(text: "100%"), id: "progress-1")
            case "clear": context.clearOutput(wait: false)
            case "loop":
                while !interruptFlag.load(ordering: .relaxed) {}
                throw ExecutionError(name: "KeyboardInterrupt", value: "interrupted", traceback: ["KeyboardInterrupt"])
            case "sleep": usleep(UInt32(max(0, Int(argument) ?? 0)) * 1000)
            case "big": context.stream(.stdout, String(repeating: "x", count: max(0, Int(argument) ?? 0)))
            case "comm":
                _ = comms?.open(target: argument, data: ["opened": "by kernel"], metadata: ["version": "1"],
                                buffers: [[1, 2, 3]])
            case "help": context.page(DisplayBundle(text: "help for \(argument)"))
            case "fail": throw ExecutionError(name: "ToyError", value: "failed on purpose", traceback: ["ToyError: failed on purpose"])
            default: throw ExecutionError(name: "NameError", value: "no command \(name)")
            }
            return nil
        }
        if let equals = line.firstIndex(of: "="), !line.contains("==") {
            let name = String(line[..<equals]).trimmingSpaces
            variables[name] = try evaluateSum(String(line[line.index(after: equals)...]))
            return nil
        }
        return try evaluateSum(line)
    }

    private func call(_ line: String) -> (String, String)? {
        guard line.hasSuffix(")"), let open = line.firstIndex(of: "(") else { return nil }
        let name = String(line[..<open])
        guard Self.commands.contains(name) else { return nil }
        return (name, String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
    }

    private func evaluateSum(_ text: String) throws -> Int {
        var total = 0
        for term in text.split(separator: "+") {
            let word = String(term).trimmingSpaces
            if let value = Int(word) ?? variables[word] { total += value } else {
                throw ExecutionError(name: "NameError", value: "name '\(word)' is not defined",
                                     traceback: ["NameError: name '\(word)' is not defined"])
            }
        }
        return total
    }

    func complete(_ code: String, cursorPosition: Int) -> Completion {
        let scalars = Array(code.unicodeScalars.prefix(cursorPosition))
        var start = scalars.count
        while start > 0, scalars[start - 1].properties.isAlphabetic || scalars[start - 1] == "_" { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start...]))
        let names = (Self.commands + variables.keys).filter { $0.hasPrefix(prefix) }.sorted()
        return Completion(matches: names, cursorStart: start, cursorEnd: scalars.count)
    }

    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> DisplayBundle? {
        let word = code.trimmingSpaces
        if Self.commands.contains(word) { return DisplayBundle(text: "\(word)(...): a toy command") }
        if let value = variables[word] { return DisplayBundle(text: "\(word) = \(value)") }
        return nil
    }

    func isComplete(_ code: String) -> CodeCompleteness {
        let opens = code.filter { $0 == "(" }.count, closes = code.filter { $0 == ")" }.count
        if closes > opens { return .invalid }
        if opens > closes || code.hasSuffix(":") { return .incomplete(indent: "    ") }
        return .complete
    }

    func evaluate(_ expression: String) -> Result<DisplayBundle, ExecutionError> {
        do { return .success(DisplayBundle(text: String(try evaluateSum(expression)))) } catch let error as ExecutionError {
            return .failure(error)
        } catch { return .failure(ExecutionError(name: "Error", value: "\(error)")) }
    }

    func attach(comms: CommManager) { self.comms = comms }

    func commOpened(_ comm: Comm, data: CommData, context: ExecutionContext) -> Bool {
        comm.targetName == "toy.echo"
    }

    func commMessage(_ comm: Comm, data: CommData, context: ExecutionContext) {
        if data.data["close"].boolValue == true {
            comms?.close(comm, data: ["bye": true])
            return
        }
        if let n = data.data["later"].intValue {
            comms?.whenIdle(key: comm.id) {
                usleep(20_000)
                $0.stream(.stdout, "ran \(n)\n")
            }
            return
        }
        context.stream(.stdout, "comm \(comm.id)\n")
        comms?.send(comm, data: data.data, buffers: data.buffers)
    }

    func interrupt() { interruptFlag.store(true, ordering: .relaxed) }
    func shutdown(restart: Bool) {}
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
