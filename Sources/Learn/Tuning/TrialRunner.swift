import Foundation

/// Runs a batch of a search's trials somewhere and gives back their records.
protocol TrialRunner {
    /// Trials that can run at once.
    var workers: Int { get }
    /// Where the trials run, as the summary line says it: `4 workers`.
    var place: String { get }
    /// Whether the objective runs in this process, where a `pbt` member is at hand; false where
    /// a member's state must travel with its trial (`Trial.state`).
    var runsHere: Bool { get }
    /// For a replayed `pbt`: its members' final states as the search that ran left them, which
    /// records alone cannot rebuild; nil wherever trials really run.
    var recordedMembers: [Data]? { get }
    /// The records of the trials that finished, in trial order, and whether an interrupt
    /// stopped the batch. `report` sees each record in trial order as soon as it and every
    /// earlier one are done.
    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool)
}

/// Where a search's trials run. The one place that chooses how: `runner(workers:seed:)`.
public enum TrialDispatch {
    /// Worker processes forked on this machine (`TrialPool`).
    case local
    /// A Ray cluster at `address` (what `ray.init(address=)` takes), reached through the
    /// session's Python bridge (`ClusterPool`, `ClusterConnection`); each of its workers rebuilds
    /// the session from `session`.
    case cluster(ClusterConnection, address: String, session: RemoteSession)
    /// A search that runs again while a cluster worker replays the session, before the search
    /// it serves: its trials are not run again, the driver's records stand in for them.
    case recorded(RecordedSearch)
    /// The search a cluster worker serves: it runs the trials the driver sends (`TrialServer`).
    case serve(TrialServer)

    func runner(workers: Int?, seed: UInt64) throws -> any TrialRunner {
        switch self {
        case .local: return try TrialPool(requested: workers)
        case .cluster(let connection, let address, var session):
            session.seed = seed
            return try ClusterPool(connection: connection, address: address, session: session)
        case .recorded(let search): return RecordedTrials(search)
        case .serve(let server): return server
        }
    }
}

/// What a cluster worker needs to rebuild the driver's session: the source of the cells it ran
/// (replayed in order in a fresh `descent`, so that the random stream is where it was), which
/// search to serve, and the records of the searches before it.
public struct RemoteSession: Codable, Sendable {
    /// One cell the session ran, and whether it ended without an error (nil: still running).
    public struct Cell: Codable, Sendable {
        public var source: String
        public var ok: Bool?
        public init(source: String, ok: Bool?) {
            self.source = source
            self.ok = ok
        }
    }

    public var cells: [Cell]
    /// The search to serve, counted from 0 over the session's searches (not those inside trials).
    public var search: Int
    /// Each earlier search, by its count.
    public var recorded: [RecordedSearch]
    /// The search's seed (set by the search).
    public var seed: UInt64 = 0
    /// The driver's working directory: a worker runs there when its machine has it.
    public var directory: String

    public init(cells: [Cell], search: Int, recorded: [RecordedSearch], directory: String) {
        self.cells = cells
        self.search = search
        self.recorded = recorded
        self.directory = directory
    }
}

/// What a finished search leaves for a replay of the session to stand in for it: its records
/// and, for `pbt`, its members' final states (encoded by its `MemberCodec`).
public struct RecordedSearch: Codable, Sendable {
    public var records: [TrialRecord]
    public var members: [Data]?

    public init(records: [TrialRecord], members: [Data]? = nil) {
        self.records = records
        self.members = members
    }

    /// No records: what a failed search leaves, and what a replay takes for a search it has no
    /// record of.
    public static let nothing = RecordedSearch(records: [])
}

/// Hands out an earlier search's records batch by batch, in place of running its trials.
final class RecordedTrials: TrialRunner {
    private let records: [TrialRecord]
    let recordedMembers: [Data]?
    private var next = 0

    init(_ search: RecordedSearch) { (records, recordedMembers) = (search.records, search.members) }

    var workers: Int { 1 }
    var place: String { "a replay" }
    var runsHere: Bool { true }

    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        let batch = Array(records[min(next, records.count)..<min(next + trials.count, records.count)])
        next += trials.count
        batch.forEach(report)
        return (batch, false)
    }
}

extension TrialRunner {
    var recordedMembers: [Data]? { nil }
}

/// Collects records that finish in any order and reports them in trial order: `finish(position,
/// record)` as each one finishes; returns the finished ones in trial order.
func inTrialOrder(_ count: Int, report: (TrialRecord) -> Void,
                  _ body: ((Int, TrialRecord) -> Void) -> Bool) -> (records: [TrialRecord], interrupted: Bool) {
    withoutActuallyEscaping(report) { report in
        var done: [Int: TrialRecord] = [:]
        var reported = 0
        let interrupted = body { position, record in
            done[position] = record
            while reported < count, let r = done[reported] {
                report(r)
                reported += 1
            }
        }
        return (done.keys.sorted().compactMap { done[$0] }, interrupted)
    }
}
