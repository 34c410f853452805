import JSON

/// One open comm: a channel between a backend object and a front-end object (a widget's
/// model), named by its id and created for a target.
public struct Comm: Hashable, Sendable {
    public let id: String
    public let targetName: String

    public init(id: String, targetName: String) {
        self.id = id
        self.targetName = targetName
    }
}

/// The comms that are open and the IOPub messages a backend sends on them, as xeus's comm
/// manager: the kernel knows no comm target, the backend decides which it accepts.
///
/// Every message it sends has as parent the request the kernel is handling (a cell's
/// `execute_request`, or the `comm_msg` the backend is answering), so that a front end
/// routes it, and an Output widget capturing that request's id captures it.
/// Used on the shell thread only (by `KernelCore` and the backend it calls).
public final class CommManager {
    private let factory: MessageFactory
    private let publish: (Message) -> Void
    /// Open comms by id.
    private var comms: [String: Comm] = [:]
    /// The request being handled: the parent of what the backend sends.
    public internal(set) var parent: Message?
    /// Work deferred until no request waits, by key.
    private var deferred: [(key: String, work: (ExecutionContext) -> Void)] = []

    init(factory: MessageFactory, publish: @escaping (Message) -> Void) {
        self.factory = factory
        self.publish = publish
    }

    /// The open comms, those of `targetName` only when it is given.
    public func open(target targetName: String? = nil) -> [Comm] {
        comms.values.filter { targetName == nil || $0.targetName == targetName }
    }

    /// Opens a comm from the kernel's side (`comm_open` on IOPub).
    @discardableResult
    public func open(target targetName: String, data: JSON, metadata: JSON = [:], buffers: [[UInt8]] = [],
                     id: String = newMessageID()) -> Comm {
        let comm = Comm(id: id, targetName: targetName)
        comms[id] = comm
        send("comm_open", ["comm_id": .string(id), "target_name": .string(targetName), "data": data],
             metadata: metadata, buffers: buffers)
        return comm
    }

    /// A `comm_msg` on `comm`; `buffers` travel as the message's binary frames.
    public func send(_ comm: Comm, data: JSON, metadata: JSON = [:], buffers: [[UInt8]] = []) {
        guard comms[comm.id] != nil else { return }
        send("comm_msg", ["comm_id": .string(comm.id), "data": data], metadata: metadata, buffers: buffers)
    }

    /// Closes `comm` from the kernel's side (`comm_close` on IOPub).
    public func close(_ comm: Comm, data: JSON = [:]) {
        guard comms.removeValue(forKey: comm.id) != nil else { return }
        send("comm_close", ["comm_id": .string(comm.id), "data": data], metadata: [:], buffers: [])
    }

    private func send(_ type: String, _ content: JSON, metadata: JSON, buffers: [[UInt8]]) {
        var message = factory.message(type, content: content, parent: parent, metadata: metadata)
        message.buffers = buffers
        publish(message)
    }

    /// Runs `work` once the shell has no request waiting, before the idle of the last request
    /// handled, with outputs parented to that request. Work deferred again under the same `key`
    /// before it ran replaces it: a slider dragged through 100 values redraws for the newest,
    /// not 100 times.
    public func whenIdle(key: String, _ work: @escaping (ExecutionContext) -> Void) {
        deferred.removeAll { $0.key == key }
        deferred.append((key, work))
    }

    // MARK: - The front end's side, for `KernelCore`

    var hasDeferredWork: Bool { !deferred.isEmpty }

    /// The oldest deferred work, removed.
    func takeDeferredWork() -> ((ExecutionContext) -> Void)? {
        deferred.isEmpty ? nil : deferred.removeFirst().work
    }

    /// Records a comm the front end opened and the backend accepted.
    func opened(_ comm: Comm) { comms[comm.id] = comm }

    /// Forgets a comm the front end closed; nil when it was not open.
    func closed(id: String) -> Comm? { comms.removeValue(forKey: id) }

    public func comm(id: String) -> Comm? { comms[id] }

    /// Tells the front end that a comm it asked for does not exist (an unknown target).
    func refuse(id: JSON) {
        send("comm_close", ["comm_id": id, "data": [:]], metadata: [:], buffers: [])
    }
}
