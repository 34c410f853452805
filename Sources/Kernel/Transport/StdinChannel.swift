/// The stdin channel: `input()` sends an `input_request` to the front end that sent the
/// cell and waits for the `input_reply` to it, watching for an interrupt meanwhile. Used
/// only from the shell thread, which runs the cells.
final class StdinChannel: InputRequester {
    private let requests: RequestSocket
    /// How often the wait looks at the interrupt flag.
    private static let pollMilliseconds = 20

    init(requests: RequestSocket) { self.requests = requests }

    func ask(_ request: Message, isInterrupted: () -> Bool) throws -> String {
        requests.send(request)
        while true {
            if isInterrupted() { throw InputError.interrupted }
            guard let reply = requests.receive(milliseconds: Self.pollMilliseconds) else { continue }
            guard reply.type == "input_reply", reply.parentHeader["msg_id"].stringValue == request.id else {
                logToStderr("stdin: ignored \(reply.type) that answers no pending input_request")
                continue
            }
            return reply.content["value"].stringValue ?? ""
        }
    }
}
