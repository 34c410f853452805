import CZeroMQ

/// The IOPub channel: the one thread that owns the PUB socket, fed by a queue that the
/// shell and control threads push to. Stream text comes already batched (`StreamBuffer`).
///
/// Sendable because only the publishing thread that `start` begins uses `socket`; the other
/// threads reach only `queue`, which is locked, and the codec, which is immutable.
final class IOPubPublisher: @unchecked Sendable {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let queue = MessageQueue()

    init(context: ZMQContext, endpoint: String, codec: WireCodec) throws {
        socket = try ZMQSocket(context: context, type: ZMQ_PUB)
        socket.setOption(ZMQ_SNDHWM, 0)
        try socket.bind(endpoint)
        self.codec = codec
    }

    /// Queues `message` for sending; callable from any thread.
    func publish(_ message: Message) { queue.push(message) }

    func start() {
        startThread { [self] in
            while true {
                for message in queue.popAll() {
                    var framed = message
                    framed.identities = [Array(("kernel." + message.type).utf8)]
                    socket.send(codec.encode(framed))
                }
                queue.done()
            }
        }
    }

    /// Blocks until queued messages are sent (used before exiting).
    func flush(milliseconds: Int) { queue.waitUntilEmpty(milliseconds: milliseconds) }
}
