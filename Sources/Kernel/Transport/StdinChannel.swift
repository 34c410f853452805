/// The stdin channel: `input()` sends an `input_request` to the front end that sent the
/// cell and waits for its `input_reply` (replies left from an earlier, interrupted request
/// are dropped first), watching for an interrupt meanwhile. Used
/// only from the shell thread, which runs the cells.
final class StdinChannel: InputRequester {
    private let requests: RequestSocket
    /// Puts the IOPub messages published so far on the wire: a prompt printed just before
    /// `input()` reaches the front end before the request does, as ipykernel's flush ensures.
    private let sendOutputFirst: () -> Void
    /// How often the wait looks at the interrupt flag.
    private static let pollMilliseconds = 20

    init(requests: RequestSocket, sendOutputFirst: @escaping () -> Void) {
        self.requests = requests
        self.sendOutputFirst = sendOutputFirst
    }

    func ask(_ request: Message, isInterrupted: () -> Bool) throws -> String {
        sendOutputFirst()
        while let stale = requests.receive(milliseconds: 0) {
            logToStderr("stdin: dropped a stale \(stale.type)")
        }
        requests.send(request)
        while true {
            if isInterrupted() { throw InputError.interrupted }
            guard let reply = requests.receive(milliseconds: Self.pollMilliseconds) else { continue }
            // jupyter_client's `input()` sends its reply without a parent header.
            let parent = reply.parentHeader["msg_id"].stringValue
            guard reply.type == "input_reply", parent == nil || parent == request.id else {
                logToStderr("stdin: ignored \(reply.type) that answers no pending input_request")
                continue
            }
            return reply.content["value"].stringValue ?? ""
        }
    }
}
