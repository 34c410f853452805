import CZeroMQ

/// The IOPub channel: the one thread that owns the PUB socket, fed by a queue that the
/// shell and control threads push to. Stream text that piles up while it is busy is sent
/// as one message per stream, in order.
final class IOPubPublisher: @unchecked Sendable {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let queue = MessageQueue()
    /// Merged stream messages stay below this size.
    private static let mergeLimit = 1 << 20

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
                for message in Self.mergingStreams(queue.popAll()) {
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

    static func mergingStreams(_ batch: [Message]) -> [Message] {
        var out: [Message] = []
        out.reserveCapacity(batch.count)
        for message in batch {
            if message.type == "stream", let last = out.last, last.type == "stream",
                last.parentHeader["msg_id"] == message.parentHeader["msg_id"],
                last.content["name"] == message.content["name"],
                let previous = last.content["text"].stringValue, let text = message.content["text"].stringValue,
                previous.utf8.count + text.utf8.count <= mergeLimit
            {
                out[out.count - 1].content = ["name": message.content["name"], "text": .string(previous + text)]
            } else {
                out.append(message)
            }
        }
        return out
    }
}
