import JSON
import XCTest
@testable import Kernel

/// The comm layer with a backend that has one target, `echo`: messages routed to it with their
/// buffers, its own messages parented to the request, deferred work coalesced per key.
final class CommTests: XCTestCase {
    private final class EchoBackend: KernelBackend {
        var comms: CommManager?
        var closed: [String] = []
        var ran: [Int] = []
        let info = BackendInfo(implementation: "echo", implementationVersion: "1", languageInfo: [:], banner: "")
        func execute(_ code: String, context: ExecutionContext) {}
        func complete(_ code: String, cursorPosition: Int) -> Completion { Completion(matches: [], cursorStart: 0, cursorEnd: 0) }
        func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> DisplayBundle? { nil }
        func isComplete(_ code: String) -> CodeCompleteness { .complete }
        func evaluate(_ expression: String) -> Result<DisplayBundle, ExecutionError> { .success(DisplayBundle(text: "")) }
        func interrupt() {}
        func shutdown(restart: Bool) {}

        func attach(comms: CommManager) { self.comms = comms }
        func commOpened(_ comm: Comm, data: CommData, context: ExecutionContext) -> Bool { comm.targetName == "echo" }
        func commMessage(_ comm: Comm, data: CommData, context: ExecutionContext) {
            if let n = data.data["later"].intValue {
                comms?.whenIdle(key: comm.id) { [unowned self] _ in ran.append(n) }
            } else {
                comms?.send(comm, data: data.data, buffers: data.buffers)
            }
        }
        func commClosed(_ comm: Comm, data: CommData) { closed.append(comm.id) }
    }

    func testMessagesBuffersParentsAndCoalescing() throws {
        let backend = EchoBackend()
        let transport = MockTransport()
        let core = KernelCore(backend: backend, publish: { transport.publish($0) }, input: nil)
        XCTAssertNil(replyOf(core, request("comm_open", ["comm_id": "c1", "target_name": "echo", "data": [:]]), on: .shell))
        XCTAssertNil(replyOf(core, request("comm_open", ["comm_id": "c2", "target_name": "nope", "data": [:]]), on: .shell))
        XCTAssertEqual(transport.published.filter { $0.type == "comm_close" }.map { $0.content["comm_id"] }, ["c2"])

        var message = request("comm_msg", ["comm_id": "c1", "data": ["x": 1]], id: "m1")
        message.buffers = [[0, 255]]
        replyOf(core, message, on: .shell)
        let echo = try XCTUnwrap(transport.published.last { $0.type == "comm_msg" })
        XCTAssertEqual(echo.content, ["comm_id": "c1", "data": ["x": 1]])
        XCTAssertEqual(echo.buffers, [[0, 255]])
        XCTAssertEqual(echo.parentHeader["msg_id"], "m1")

        for n in 1...4 { replyOf(core, request("comm_msg", ["comm_id": "c1", "data": ["later": .int(n)]], id: "l\(n)"), on: .shell) }
        XCTAssertTrue(core.hasDeferredWork)
        core.handle(request("comm_msg", ["comm_id": "c1", "data": ["later": 5]], id: "l5"), on: .shell, send: { _ in },
                    beforeIdle: {
                        XCTAssertEqual(transport.published.last?.content["execution_state"], "busy", "inside l5")
                        core.runDeferredWork()
                    })
        XCTAssertFalse(core.hasDeferredWork)
        XCTAssertEqual(backend.ran, [5])
        let last = try XCTUnwrap(transport.published.last)
        XCTAssertEqual([last.content["execution_state"], last.parentHeader["msg_id"]], ["idle", "l5"], "ran before the newest's idle")

        let info = try XCTUnwrap(replyOf(core, request("comm_info_request", ["target_name": "echo"]), on: .shell))
        XCTAssertEqual(info.content["comms"], ["c1": ["target_name": "echo"]])
        replyOf(core, request("comm_close", ["comm_id": "c1", "data": [:]]), on: .shell)
        XCTAssertEqual(backend.closed, ["c1"])
        XCTAssertEqual(replyOf(core, request("comm_info_request", [:]), on: .shell)?.content["comms"], [:])
    }
}
