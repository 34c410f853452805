import Foundation
import Interruption

/// Runs a search's trials on a Ray cluster through the session's Python bridge (`RayBridge`,
/// kept by `ClusterConnection`).
///
/// The bridge is the session's Ray driver: for each search this process sends it the session to
/// rebuild (`RemoteSession`) and then the trials as JSON lines, and it answers with each record as
/// its Ray task finishes, with the node that ran it. On each node a `descent trial-worker`
/// replays the session once per search and serves the trials sent there. Interrupting sends
/// `cancel` (the bridge cancels the outstanding tasks and stays for the next search) and keeps the
/// finished records; answers carry the search's number, so late ones of a cancelled search are
/// dropped. A `pbt` member's state travels with its trial and back (`Trial.state`,
/// `Trial.trainedState`), as base64 in the lines.
final class ClusterPool: TrialRunner {
    private let bridge: RayBridge
    private let search: Int

    private struct Start: Encodable {
        var search: Int
        var session: RemoteSession
    }

    private struct Started: Decodable {
        var started: Size
        struct Size: Decodable {
            var search: Int
            var nodes: Int
            var cpus: Int
        }
    }

    private struct Message: Decodable {
        var search: Int?
        var position: Int?
        var record: TrialRecord?
        var state: Data?
        var failure: String?
        var node: String?
        var retries: Int?
    }

    init(connection: ClusterConnection, address: String, session: RemoteSession) throws {
        (bridge, search) = try connection.bridge(to: address)
        bridge.send(Start(search: search, session: session))
        let started = try bridge.answer(Started.self, "starting the search on the Ray cluster") { [search] in
            $0.started.search == search
        }
        bridge.update(nodes: started.started.nodes, cpus: started.started.cpus)
    }

    var workers: Int { bridge.cpus }
    var place: String { bridge.place }
    var runsHere: Bool { false }

    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        inTrialOrder(trials.count, report: report) { finish in
            for (position, t) in trials.enumerated() {
                bridge.send(["trial": TrialMessage(position: position, t)])
            }
            var open = Set(trials.indices)
            while !open.isEmpty {
                switch bridge.receive(waiting: 50) {
                case .timeout:
                    if Interrupt.take() {
                        bridge.send(["cancel": true])
                        return true
                    }
                case .end:
                    for position in open.sorted() {
                        finish(position, TrialPool.failure(trials[position], "was lost: the Ray bridge ended"))
                    }
                    return false
                case .line(let line):
                    guard let m = try? JSONDecoder().decode(Message.self, from: line), m.search == search,
                          let position = m.position, open.contains(position) else { continue }
                    var record = m.record ?? TrialRecord(
                        index: trials[position].index, configuration: trials[position].configuration,
                        generation: trials[position].generation, status: .failed, score: nil,
                        error: "RuntimeError: \(m.failure ?? "the trial's Ray task failed")", seconds: 0, output: "")
                    record.node = m.node
                    record.retries = m.retries
                    trials[position].trainedState = m.state
                    open.remove(position)
                    finish(position, record)
                }
            }
            return false
        }
    }
}
