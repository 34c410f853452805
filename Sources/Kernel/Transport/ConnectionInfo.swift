#if canImport(Glibc)
import Glibc
#endif
import JSON

/// The connection file a front end writes before starting the kernel: where to bind the
/// five sockets and which key signs messages.
public struct ConnectionInfo: Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var stdinPort: Int
    public var iopubPort: Int
    public var heartbeatPort: Int
    public var key: [UInt8]
    public var signatureScheme: String

    public enum Problem: Error, CustomStringConvertible {
        case unreadable(String)
        case missing(String)
        case unsupported(String)
        public var description: String {
            switch self {
            case .unreadable(let why): return "cannot read connection file: \(why)"
            case .missing(let field): return "connection file lacks '\(field)'"
            case .unsupported(let what): return "connection file: unsupported \(what)"
            }
        }
    }

    public init(json: JSON) throws {
        func port(_ name: String) throws -> Int {
            guard let value = json[name].intValue, (0...65535).contains(value) else { throw Problem.missing(name) }
            return value
        }
        transport = json["transport"].stringValue ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else { throw Problem.unsupported("transport '\(transport)'") }
        ip = json["ip"].stringValue ?? "127.0.0.1"
        shellPort = try port("shell_port")
        controlPort = try port("control_port")
        stdinPort = try port("stdin_port")
        iopubPort = try port("iopub_port")
        heartbeatPort = try port("hb_port")
        key = Array((json["key"].stringValue ?? "").utf8)
        signatureScheme = json["signature_scheme"].stringValue ?? "hmac-sha256"
        guard key.isEmpty || signatureScheme == "hmac-sha256" else {
            throw Problem.unsupported("signature scheme '\(signatureScheme)'")
        }
    }

    public init(path: String) throws {
        guard let file = fopen(path, "rb") else { throw Problem.unreadable("\(path): \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        do { try self.init(json: try JSON(parsing: bytes)) } catch let error as JSONParseError {
            throw Problem.unreadable("\(path): \(error)")
        }
    }

    /// The ZeroMQ endpoint for `port`: `tcp://ip:port` or `ipc://ip-port`.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}
