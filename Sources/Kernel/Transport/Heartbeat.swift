import CZeroMQ

/// The heartbeat channel: echoes every ping on its own thread, so that a long cell never
/// makes the front end think the kernel died.
final class Heartbeat {
    private let socket: ZMQSocket

    init(context: ZMQContext, endpoint: String) throws {
        socket = try ZMQSocket(context: context, type: ZMQ_REP)
        try socket.bind(endpoint)
    }

    func start() {
        startThread { [socket] in
            while let ping = socket.receive() { socket.send(ping) }
        }
    }
}
