// The least a kernel can do per `execute_request` on this transport: the floor that
// `bench.py` measures beside Descent's kernel and ipykernel.
//
// One thread, no queue, no JSON parsing: it verifies the request's signature, copies the
// request's header bytes in as every reply's parent header, and sends the five messages a
// `1 + 1` cell makes (busy, execute_input, execute_result, execute_reply, idle) from byte
// templates, each signed. It answers `kernel_info_request` and `shutdown_request` just
// enough for the benchmark; everything else is ignored. Not a kernel anyone should use.
//
//     KernelFloor --connection-file F
import CZeroMQ
import Kernel
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, arguments[1] == "--connection-file" else {
    _ = "usage: KernelFloor --connection-file F\n".withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}
let connection = try ConnectionInfo(path: arguments[2])
let signer = MessageSigner(key: connection.key)
let context = try ZMQContext()
let shell = try ZMQSocket(context: context, type: ZMQ_ROUTER)
let control = try ZMQSocket(context: context, type: ZMQ_ROUTER)
let iopub = try ZMQSocket(context: context, type: ZMQ_PUB)
try shell.bind(connection.endpoint(connection.shellPort))
try control.bind(connection.endpoint(connection.controlPort))
try iopub.bind(connection.endpoint(connection.iopubPort))

let delimiter = Array("<IDS|MSG>".utf8)
/// Messages sent so far, for their ids. Safe unisolated: only the main thread's shell loop
/// sends (the control thread only exits).
nonisolated(unsafe) var counter = 0

/// Frames of a message of `type` caused by the request whose header bytes are `parent`.
func frames(_ identities: [[UInt8]], _ type: String, _ parent: [UInt8], _ content: String) -> [[UInt8]] {
    counter += 1
    let header = Array(("{\"msg_id\":\"floor_\(counter)\",\"msg_type\":\"\(type)\",\"session\":\"floor\","
        + "\"username\":\"floor\",\"date\":\"2026-01-01T00:00:00.000000Z\",\"version\":\"5.3\"}").utf8)
    let parts = [header, parent, Array("{}".utf8), Array(content.utf8)]
    return identities + [delimiter, signer.signature(parts)] + parts
}

func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    guard bytes.count >= n.count else { return false }
    return (0...(bytes.count - n.count)).contains { bytes[$0..<($0 + n.count)].elementsEqual(n) }
}

/// Answers a request already verified and split at the delimiter.
func answer(_ request: [[UInt8]], _ split: Int, on socket: ZMQSocket) {
    let identities = Array(request[..<split]), header = request[split + 2]
    if contains(header, "\"execute_request\"") {
        iopub.send(frames([Array("kernel.status".utf8)], "status", header, "{\"execution_state\":\"busy\"}"))
        iopub.send(frames([Array("kernel.execute_input".utf8)], "execute_input", header,
                          "{\"code\":\"1 + 1\",\"execution_count\":\(counter)}"))
        iopub.send(frames([Array("kernel.execute_result".utf8)], "execute_result", header,
                          "{\"data\":{\"text/plain\":\"2\"},\"metadata\":{},\"execution_count\":\(counter)}"))
        socket.send(frames(identities, "execute_reply", header,
                           "{\"status\":\"ok\",\"execution_count\":\(counter),\"user_expressions\":{},\"payload\":[]}"))
        iopub.send(frames([Array("kernel.status".utf8)], "status", header, "{\"execution_state\":\"idle\"}"))
    } else if contains(header, "\"kernel_info_request\"") {
        socket.send(frames(identities, "kernel_info_reply", header,
                           "{\"status\":\"ok\",\"protocol_version\":\"5.3\",\"implementation\":\"floor\"}"))
    }
}

/// Control runs on a thread of its own only to exit on `shutdown_request`.
var controlThread = pthread_t()
pthread_create(&controlThread, nil, { _ in
    while let request = control.receive() {
        if let split = request.firstIndex(of: delimiter), request.count >= split + 6,
            contains(request[split + 2], "\"shutdown_request\"") { exit(0) }
    }
    return nil
}, nil)

while let request = shell.receive() {
    guard let split = request.firstIndex(of: delimiter), request.count >= split + 6,
        signer.verify(signature: request[split + 1], parts: Array(request[(split + 2)..<(split + 6)]))
    else { continue }
    answer(request, split, on: shell)
}
