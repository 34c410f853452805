import Foundation
import Interruption

/// The Python bridge to Ray (python/descent-ray), started as `python3 -m descent_ray` (the
/// environment variable `DESCENT_RAY_PYTHON` names another Python): a Ray driver that this
/// process talks to in JSON lines. `init` sends `hello` and waits until the bridge has connected
/// to the cluster, with errors that say what to install or what Ray said.
public final class RayBridge {
    private let process = Process()
    private let socket: Int32
    private let channel: LineChannel
    private let stderrFile: URL
    private let what: String
    private let python: String
    /// The cluster's alive nodes and CPUs when the bridge connected, and its address as shown.
    private(set) var nodes = 0
    private(set) var cpus = 1
    private(set) var address = ""

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
        self.what = what
        python = ProcessInfo.processInfo.environment["DESCENT_RAY_PYTHON"] ?? "python3"
        // One socket for the bridge's stdin and stdout: writing to a bridge that died is then an
        // error (MSG_NOSIGNAL), where a pipe would raise SIGPIPE and end this process.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
            throw LearnError.value("\(what): cannot make a socket for the Ray bridge: \(String(cString: strerror(errno)))")
        }
        socket = ends[0]
        let child = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("descent-ray-\(getpid())-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-m", "descent_ray"]
        process.standardInput = child
        process.standardOutput = child
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        channel = LineChannel(input: ends[0], output: ends[0])
        do {
            try process.run()
            try child.close()
        } catch {
            throw LearnError.value("\(what): cannot start the Ray bridge with \(python): \(error); \(install)")
        }
        channel.send(hello)
        let answer = try answer(Ready.self, "connecting to the Ray cluster") { _ in true }
        guard let ready = answer.ready else {
            stop()
            throw LearnError.value("\(what): \(answer.error ?? "the Ray bridge sent an unreadable answer")")
        }
        nodes = ready.nodes
        cpus = max(ready.cpus, 1)
        address = ready.address
    }

    deinit {
        stop()
        close(socket)
    }

    private var install: String {
        "install them with: pip install 'ray[default]' ./python/descent-ray (into the Python that DESCENT_RAY_PYTHON names; now \(python))"
    }

    /// Whether the bridge is still there to take another search.
    var isRunning: Bool { process.isRunning }

    /// `2 Ray nodes (ray 127.0.0.1:6379)`.
    var place: String { "\(nodes) Ray node\(nodes == 1 ? "" : "s") (ray \(address))" }

    /// The cluster's size now (a search's start says it again: nodes come and go).
    func update(nodes: Int, cpus: Int) {
        self.nodes = nodes
        self.cpus = max(cpus, 1)
    }

    /// The `descent` a node should run: this one, where a node looks for it (the bridge ships
    /// this process's own image to nodes that lack it).
    public static var binary: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    @discardableResult
    func send<T: Encodable>(_ value: T) -> Bool { channel.send(value) }

    func receive(waiting milliseconds: Int32) -> LineChannel.Read { channel.receive(waiting: milliseconds) }

    /// The next line, waiting as long as it takes; nil when the bridge has ended.
    public func nextLine() -> Data? {
        if case .line(let line) = channel.receive(waiting: -1) { return line }
        return nil
    }

    /// Waits for the first line that decodes as `T` and that `accept` takes; an interrupt or the
    /// bridge's end is an error naming `doing` (with the end of the bridge's log).
    func answer<T: Decodable>(_ type: T.Type, _ doing: String, accept: (T) -> Bool) throws -> T {
        while true {
            switch channel.receive(waiting: 100) {
            case .line(let line):
                if let answer = try? JSONDecoder().decode(T.self, from: line), accept(answer) { return answer }
            case .timeout:
                if Interrupt.take() {
                    Interrupt.request()
                    throw LearnError.value("\(what): interrupted while \(doing)")
                }
            case .end:
                let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
                stop()
                if log.contains("No module named descent_ray") {
                    throw LearnError.value("\(what): \(python) has no Descent Ray bridge; \(install)")
                }
                let tail = log.split(separator: "\n").suffix(5).joined(separator: "\n")
                throw LearnError.value("\(what): the Ray bridge (\(python) -m descent_ray) ended while \(doing):\n\(tail)")
            }
        }
    }

    /// Ends the bridge: end of file on its input makes it cancel what runs and exit.
    private func stop() {
        guard socket >= 0 else { return }
        shutdown(socket, Int32(SHUT_WR))
        if process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: stderrFile)
    }
}

/// The session's Ray driver: the bridge started by the session's first search on a cluster and
/// kept for its later searches to the same address (a new driver costs Ray about 2 s: importing
/// Ray, connecting, starting worker processes on every node), started again when it has ended or
/// the address changed. It ends when the session does (deinit) or, however this process ends,
/// when the bridge reads end of file; Ray then ends the tasks of the driver that left.
public final class ClusterConnection {
    private var bridge: RayBridge?
    private var address = ""
    /// Searches sent to the bridge, numbering them so that a cancelled search's late answers
    /// are not taken for the next one's.
    private var searches = 0

    private struct Hello: Encodable {
        var address: String
        var binary: String
    }

    public init() {}

    /// The bridge to `address`, with the number of the search about to use it.
    func bridge(to address: String) throws -> (RayBridge, search: Int) {
        if let bridge, self.address == address, bridge.isRunning {
            searches += 1
            return (bridge, searches)
        }
        bridge = nil  // the old one ends here
        let started = try RayBridge("cluster=\(address)", hello: Hello(address: address, binary: RayBridge.binary))
        bridge = started
        self.address = address
        searches += 1
        return (started, searches)
    }
}
