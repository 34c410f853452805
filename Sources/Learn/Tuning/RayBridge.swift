import Foundation
import Interruption

/// The Python bridge to Ray (python/descent-ray), started as `python3 -m descent_ray` (the
/// environment variable `DESCENT_RAY_PYTHON` names another Python): a Ray driver that this
/// process talks to in JSON lines. `init` sends `hello` and waits until the bridge has connected
/// to the cluster, with errors that say what to install or what Ray said.
public final class RayBridge {
    private let process = Process()
    private let channel: LineChannel
    private let stderrFile: URL
    /// The cluster's alive nodes and CPUs when the bridge connected, and its address as shown.
    public private(set) var nodes = 0
    public private(set) var cpus = 1
    public private(set) var address = ""

    private struct Ready: Decodable {
        var ready: Connected?
        var error: String?
        struct Connected: Decodable {
            var nodes: Int
            var cpus: Int
            var address: String
        }
    }

    /// `what` names the caller in errors (`cluster=ADDRESS`, `--cluster ADDRESS`).
    public init<Hello: Encodable>(_ what: String, hello: Hello) throws {
        let python = ProcessInfo.processInfo.environment["DESCENT_RAY_PYTHON"] ?? "python3"
        let toStdin = Pipe(), fromStdout = Pipe()
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("descent-ray-\(getpid())-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-m", "descent_ray"]
        process.standardInput = toStdin
        process.standardOutput = fromStdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        let install = "install them with: pip install 'ray[default]' ./python/descent-ray (into the Python that DESCENT_RAY_PYTHON names; now \(python))"
        channel = LineChannel(input: fromStdout.fileHandleForReading.fileDescriptor,
                              output: toStdin.fileHandleForWriting.fileDescriptor)
        do {
            try process.run()
        } catch {
            throw LearnError.value("\(what): cannot start the Ray bridge with \(python): \(error); \(install)")
        }
        channel.send(hello)
        var answer: Ready?
        while answer == nil {
            switch channel.receive(waiting: 100) {
            case .line(let line): answer = try? JSONDecoder().decode(Ready.self, from: line)
            case .timeout:
                if Interrupt.take() {
                    Interrupt.request()
                    throw LearnError.value("\(what): interrupted while connecting to the Ray cluster")
                }
            case .end:
                let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
                stop()
                if log.contains("No module named descent_ray") {
                    throw LearnError.value("\(what): \(python) has no Descent Ray bridge; \(install)")
                }
                let tail = log.split(separator: "\n").suffix(5).joined(separator: "\n")
                throw LearnError.value("\(what): the Ray bridge (\(python) -m descent_ray) ended before it connected:\n\(tail)")
            }
        }
        guard let ready = answer?.ready else {
            stop()
            throw LearnError.value("\(what): \(answer?.error ?? "the Ray bridge sent an unreadable answer")")
        }
        nodes = ready.nodes
        cpus = max(ready.cpus, 1)
        address = ready.address
    }

    deinit { stop() }

    /// `2 Ray nodes (ray 127.0.0.1:6379)`.
    public var place: String { "\(nodes) Ray node\(nodes == 1 ? "" : "s") (ray \(address))" }

    /// The `descent` a node should run: this one (`DESCENT_BINARY` overrides, for tests).
    public static var binary: String {
        ProcessInfo.processInfo.environment["DESCENT_BINARY"]
            ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    @discardableResult
    func send<T: Encodable>(_ value: T) -> Bool { channel.send(value) }

    func receive(waiting milliseconds: Int32) -> LineChannel.Read { channel.receive(waiting: milliseconds) }

    /// The next line, waiting as long as it takes; nil when the bridge has ended.
    public func nextLine() -> Data? {
        if case .line(let line) = channel.receive(waiting: -1) { return line }
        return nil
    }

    /// Ends the bridge: end of file on its input makes it cancel what runs and exit.
    private func stop() {
        try? (process.standardInput as? Pipe)?.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: stderrFile)
    }
}
