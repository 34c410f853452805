import Foundation
import Interruption

/// Runs a search's trials on a Ray cluster through the Python bridge (python/descent-ray).
///
/// The bridge is a Ray driver started for the search (`python3 -m descent_ray`; the environment
/// variable `DESCENT_RAY_PYTHON` names another Python): this process sends it the session to
/// rebuild (`RemoteSession`) and then the trials as JSON lines, and it answers with each
/// record as its Ray task finishes, with the node that ran it. On each node a `descent
/// trial-worker` replays the session once per search and serves the trials sent there.
/// Interrupting sends `cancel` (the bridge cancels the outstanding tasks) and keeps the
/// finished records; when this process ends however it ends, the bridge reads end of file,
/// cancels and exits, and Ray ends the tasks of the driver that left.
final class ClusterPool: TrialRunner {
    private let process = Process()
    private let channel: LineChannel
    private let stderrFile: URL
    private(set) var workers = 1
    private(set) var place = "a Ray cluster"

    private struct Hello: Encodable {
        var address: String
        var binary: String
        var session: RemoteSession
    }

    private struct Ready: Decodable {
        var nodes: Int
        var cpus: Int
        var address: String
    }

    private struct Message: Decodable {
        var ready: Ready?
        var error: String?
        var position: Int?
        var record: TrialRecord?
        var failure: String?
        var node: String?
        var retries: Int?
    }

    init(address: String, session: RemoteSession) throws {
        let env = ProcessInfo.processInfo.environment
        let python = env["DESCENT_RAY_PYTHON"] ?? "python3"
        let binary = env["DESCENT_BINARY"] ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let toStdin = Pipe(), fromStdout = Pipe()
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("descent-ray-\(getpid())-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-m", "descent_ray"]
        process.standardInput = toStdin
        process.standardOutput = fromStdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        let install = "install them with: pip install 'ray[default]' ./python/descent-ray (into the Python that DESCENT_RAY_PYTHON names; now \(python))"
        do {
            try process.run()
        } catch {
            throw LearnError.value("cluster=\(address): cannot start the Ray bridge with \(python): \(error); \(install)")
        }
        channel = LineChannel(input: fromStdout.fileHandleForReading.fileDescriptor,
                              output: toStdin.fileHandleForWriting.fileDescriptor)
        channel.send(Hello(address: address, binary: binary, session: session))
        var answer: Message?
        while answer == nil {
            switch channel.receive(waiting: 100) {
            case .line(let line): answer = try? JSONDecoder().decode(Message.self, from: line)
            case .timeout:
                if Interrupt.take() {
                    Interrupt.request()
                    throw LearnError.value("cluster=\(address): interrupted while connecting to the Ray cluster")
                }
            case .end:
                let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
                stop()
                if log.contains("No module named descent_ray") || log.contains("No module named 'descent_ray'") {
                    throw LearnError.value("cluster=\(address): \(python) has no Descent Ray bridge; \(install)")
                }
                let tail = log.split(separator: "\n").suffix(5).joined(separator: "\n")
                throw LearnError.value("cluster=\(address): the Ray bridge (\(python) -m descent_ray) ended before it connected:\n\(tail)")
            }
        }
        guard let ready = answer?.ready else {
            stop()
            throw LearnError.value("cluster=\(address): \(answer?.error ?? "the Ray bridge sent an unreadable answer")")
        }
        workers = ready.cpus
        place = "\(ready.nodes) Ray node\(ready.nodes == 1 ? "" : "s") (ray \(ready.address))"
    }

    deinit { stop() }

    /// Ends the bridge: end of file on its input makes it cancel what runs and exit.
    private func stop() {
        try? (process.standardInput as? Pipe)?.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: stderrFile)
    }

    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        inTrialOrder(trials.count, report: report) { finish in
            for (position, t) in trials.enumerated() {
                channel.send(["trial": TrialMessage(position: position, index: t.index, configuration: t.configuration,
                                                    seed: t.seed, generation: t.generation)])
            }
            var open = Set(trials.indices)
            while !open.isEmpty {
                switch channel.receive(waiting: 50) {
                case .timeout:
                    if Interrupt.take() {
                        channel.send(["cancel": true])
                        return true
                    }
                case .end:
                    for position in open.sorted() {
                        finish(position, TrialPool.failure(trials[position], "was lost: the Ray bridge ended"))
                    }
                    return false
                case .line(let line):
                    guard let m = try? JSONDecoder().decode(Message.self, from: line), let position = m.position,
                          open.contains(position) else { continue }
                    var record = m.record ?? TrialRecord(
                        index: trials[position].index, configuration: trials[position].configuration,
                        generation: trials[position].generation, status: .failed, score: nil,
                        error: "RuntimeError: \(m.failure ?? "the trial's Ray task failed")", seconds: 0, output: "")
                    record.node = m.node
                    record.retries = m.retries
                    open.remove(position)
                    finish(position, record)
                }
            }
            return false
        }
    }
}
