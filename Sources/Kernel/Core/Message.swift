#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Synchronization

/// One Jupyter message, as the protocol defines it once frames are split and verified.
public struct Message: Sendable {
    /// ZeroMQ routing prefixes: where a reply on a ROUTER socket goes.
    public var identities: [[UInt8]]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON
    public var buffers: [[UInt8]]
    /// The header exactly as it came off the wire, for a message that was received.
    public internal(set) var headerBytes: [UInt8]?
    /// The parent's `headerBytes`, sent verbatim as this message's parent header: a request's
    /// header is the parent of its five or more IOPub messages and its reply, and is then
    /// serialized once (by the client), not once per message.
    public internal(set) var parentHeaderBytes: [UInt8]?

    public init(identities: [[UInt8]] = [], header: JSON, parentHeader: JSON = [:],
                metadata: JSON = [:], content: JSON, buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var type: String { header["msg_type"].stringValue ?? "" }
    public var id: String { header["msg_id"].stringValue ?? "" }
}

/// The protocol version every message carries; the one whose messages the tests exercise.
public let protocolVersion = "5.3"

/// Makes headers for the kernel's own messages within one kernel session.
///
/// Message ids are the session id and a counter, as jupyter_client's `Session` makes them:
/// unique without a random draw (a system call) per message.
public struct MessageFactory: Sendable {
    public let session: String
    public let username: String
    private let counter = MessageCounter()

    public init(session: String = newMessageID(), username: String = "kernel") {
        self.session = session
        self.username = username
    }

    public func header(_ type: String) -> JSON {
        [
            "msg_id": .string("\(session)_\(counter.next())"), "msg_type": .string(type), "session": .string(session),
            "username": .string(username), "date": .string(isoTimestamp()), "version": .string(protocolVersion),
        ]
    }

    /// A message answering or caused by `parent`, routed back to the parent's identities.
    public func message(_ type: String, content: JSON, parent: Message?, metadata: JSON = [:]) -> Message {
        var message = Message(identities: parent?.identities ?? [], header: header(type),
                              parentHeader: parent?.header ?? [:], metadata: metadata, content: content)
        message.parentHeaderBytes = parent?.headerBytes
        return message
    }
}

/// Numbers the messages of one factory; shared by the shell and control threads.
private final class MessageCounter: Sendable {
    private let count = Atomic<Int>(0)

    func next() -> Int { count.add(1, ordering: .relaxed).newValue }
}

/// A random version-4 UUID string: unique ids for messages and sessions.
public func newMessageID() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = bytes[6] & 0x0F | 0x40
    bytes[8] = bytes[8] & 0x3F | 0x80
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for (k, byte) in bytes.enumerated() {
        if k == 4 || k == 6 || k == 8 || k == 10 { out.append(UInt8(ascii: "-")) }
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Now, in ISO 8601 UTC with microseconds, as Jupyter headers carry it.
func isoTimestamp() -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var seconds = now.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let fields = [(Int(parts.tm_year) + 1900, 4, "-"), (Int(parts.tm_mon) + 1, 2, "-"), (Int(parts.tm_mday), 2, "T"),
                  (Int(parts.tm_hour), 2, ":"), (Int(parts.tm_min), 2, ":"), (Int(parts.tm_sec), 2, "."),
                  (Int(now.tv_nsec) / 1000, 6, "Z")]
    return String(unsafeUninitializedCapacity: 27) { out in
        var end = 0
        for (value, width, separator) in fields {
            var rest = value
            for k in stride(from: end + width - 1, through: end, by: -1) {
                out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            end += width
            out[end] = separator.utf8.first!
            end += 1
        }
        return end
    }
}
