import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// Why a socket could not be set up.
public struct ZMQError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
    init(_ operation: String) {
        self.operation = operation
        self.code = zmq_errno()
    }
}

/// One ZeroMQ context for all of the kernel's sockets. Sendable: a ZeroMQ context is
/// thread-safe (zmq_ctx_new's contract), and the handle never changes.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }
}

/// A ZeroMQ socket sending and receiving whole multipart messages. Like the socket it
/// wraps, it must be used from one thread at a time: Sendable so that it can be handed to the
/// thread that owns it, which is then the only one to use it.
public final class ZMQSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(context: ZMQContext, type: Int32) throws {
        guard let handle = zmq_socket(context.handle, type) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        setOption(ZMQ_LINGER, 0)
    }

    deinit { zmq_close(handle) }

    public func setOption(_ option: Int32, _ value: Int32) {
        var value = value
        zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size)
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// Sends all frames as one message; false if the socket refused (e.g. peer gone).
    @discardableResult
    public func send(_ frames: [[UInt8]]) -> Bool {
        for (k, frame) in frames.enumerated() {
            let flags: Int32 = k < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if sent < 0 { return false }
        }
        return true
    }

    /// The next whole message, blocking; nil when the context is shutting down or on error.
    public func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            if zmq_msg_recv(&message, handle, 0) < 0 {
                if zmq_errno() == EINTR { continue }
                return nil
            }
            let size = zmq_msg_size(&message)
            let frame = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                if size > 0 { buffer.baseAddress!.update(from: zmq_msg_data(&message).assumingMemoryBound(to: UInt8.self), count: size) }
                count = size
            }
            frames.append(frame)
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Whether a message is waiting, waiting up to `milliseconds` (0: just look).
    public func poll(milliseconds: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return zmq_poll(&item, 1, milliseconds) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }
}
