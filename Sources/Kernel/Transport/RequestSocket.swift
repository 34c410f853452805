import CZeroMQ

/// A ROUTER socket that speaks whole, verified messages: what the shell, control and stdin
/// channels are built on. Frames that fail to decode are logged and dropped, never parsed
/// further, so a forged or broken message cannot reach a handler.
/// Sendable so that it can be handed to its channel's thread, the only one that uses it (see
/// `ZMQSocket`); its other fields are immutable.
final class RequestSocket: @unchecked Sendable {
    let socket: ZMQSocket
    private let codec: WireCodec
    private let name: String

    init(context: ZMQContext, endpoint: String, codec: WireCodec, name: String) throws {
        socket = try ZMQSocket(context: context, type: ZMQ_ROUTER)
        socket.setOption(ZMQ_ROUTER_HANDOVER, 1)
        try socket.bind(endpoint)
        self.codec = codec
        self.name = name
    }

    /// The next message that decodes, blocking; nil when the socket is closing.
    func receive() -> Message? {
        while let frames = socket.receive() {
            if let message = decode(frames) { return message }
        }
        return nil
    }

    /// A message already waiting, if any, within `milliseconds`.
    func receive(milliseconds: Int) -> Message? {
        while socket.poll(milliseconds: milliseconds), let frames = socket.receive() {
            if let message = decode(frames) { return message }
        }
        return nil
    }

    func send(_ message: Message) {
        if !socket.send(codec.encode(message)) { logToStderr("\(name): could not send \(message.type)") }
    }

    private func decode(_ frames: [[UInt8]]) -> Message? {
        do { return try codec.decode(frames) } catch {
            logToStderr("\(name): dropped a message (\(error))")
            return nil
        }
    }
}
