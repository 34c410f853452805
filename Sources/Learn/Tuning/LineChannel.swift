import Foundation
import Engine

/// JSON lines over a pair of file descriptors: the cluster bridge's protocol, on both sides.
final class LineChannel {
    let input: Int32
    let output: Int32
    private var pending: [UInt8] = []
    private var ended = false

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Writes `value` as one line; false when the other side is gone.
    @discardableResult
    func send<T: Encodable>(_ value: T) -> Bool {
        guard var line = try? JSONEncoder().encode(value) else { return false }
        line.append(UInt8(ascii: "\n"))
        return line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                // MSG_NOSIGNAL: a peer that is gone is an error here, not a SIGPIPE that ends the
                // kernel (the bridge talks over a socket); a pipe (a trial-worker's stdout) is written.
                var n = Glibc.send(output, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0, errno == ENOTSOCK { n = write(output, bytes.baseAddress! + offset, bytes.count - offset) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }

    enum Read { case line(Data), timeout, end }

    /// The next line, waiting at most `milliseconds` (-1: for ever).
    func receive(waiting milliseconds: Int32) -> Read {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<end])
                pending.removeSubrange(...end)
                return .line(line)
            }
            if ended { return .end }
            var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { return .timeout }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(input, &chunk, chunk.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { ended = true } else { pending += chunk[..<n] }
        }
    }
}

/// A trial as it travels to a cluster worker.
struct TrialMessage: Codable {
    var position: Int
    var index: Int
    var configuration: Configuration
    var seed: UInt64
    var generation: Int
    var parent: Int?
    /// `Trial.state`, base64 in the line.
    var state: Data?

    init(position: Int, _ t: Trial) {
        (self.position, index, configuration, seed, generation, parent, state)
            = (position, t.index, t.configuration, t.seed, t.generation, t.parent, t.state)
    }

    var trial: Trial {
        Trial(index: index, configuration: configuration, seed: seed, generation: generation, parent: parent, state: state)
    }
}

/// A worker's answer to a trial (a forked one's or a cluster node's): its record and, for `pbt`,
/// the member's trained state.
struct TrialAnswer: Codable {
    var record: TrialRecord
    var state: Data?
}

/// The search a cluster worker serves, once its replay of the session reaches it: it says it is
/// ready, then runs each trial the bridge sends (`TrialPool.execute`, as a local worker would)
/// and answers with a `TrialAnswer`, until its input ends or no trial has come for
/// `idleSeconds`; then the process exits (status 0).
public final class TrialServer: TrialRunner {
    /// A served search whose trials have stopped coming is over (or has moved to other nodes):
    /// the worker ends rather than hold the replayed session's memory on the node for as long
    /// as the driver's session lasts. A trial that comes later starts a new one.
    static let idleSeconds: Int32 = 30

    /// The served search's seed, from the session received.
    private(set) var seed: UInt64 = 0
    private let channel: LineChannel

    /// A server reading from `input` and writing to `output`.
    public init(input: Int32, output: Int32) {
        channel = LineChannel(input: input, output: output)
    }

    /// The session to replay: the first line the bridge sends.
    public func receiveSession() throws -> RemoteSession {
        guard case .line(let line) = channel.receive(waiting: -1) else { throw LearnError.value("no session was sent") }
        let session = try JSONDecoder().decode(RemoteSession.self, from: line)
        seed = session.seed
        return session
    }

    /// Tells the bridge why this worker cannot serve, and exits.
    public func fail(_ message: String) -> Never {
        channel.send(["error": message])
        exit(1)
    }

    var workers: Int { 1 }
    var place: String { "a cluster worker" }
    var runsHere: Bool { true }

    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        TrialPool.insideWorker = true
        BLASThreads.useOneThread()
        channel.send(["ready": true])
        while case .line(let line) = channel.receive(waiting: TrialServer.idleSeconds * 1000) {
            guard let m = try? JSONDecoder().decode(TrialMessage.self, from: line) else { break }
            let trial = m.trial
            let record = TrialPool.execute(trial, objective) ?? TrialPool.failure(trial, "was interrupted")
            fflush(nil)
            guard channel.send(TrialAnswer(record: record, state: trial.trainedState)) else { break }
        }
        exit(0)
    }
}
