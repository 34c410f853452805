import XCTest
@testable import Kernel

final class KernelCoreTests: XCTestCase {
    func testExecutePublishesInputOutputsAndStatusInOrder() throws {
        let (core, _, transport) = makeCore()
        let cell = request("execute_request", ["code": "value"])
        let reply = try XCTUnwrap(replyOf(core, cell, on: .shell))
        XCTAssertEqual(transport.publishedTypes, ["status:busy", "execute_input", "execute_result", "status:idle"])
        XCTAssertTrue(transport.published.allSatisfy { $0.parentHeader["msg_id"].stringValue == cell.id })
        XCTAssertEqual(transport.published[1].content["execution_count"], 1)
        XCTAssertEqual(transport.published[2].content["data"]["text/plain"], "42")
        XCTAssertEqual(reply.type, "execute_reply")
        XCTAssertEqual(reply.content["status"], "ok")
        XCTAssertEqual(reply.content["execution_count"], 1)
        XCTAssertEqual(reply.identities, cell.identities)
        let second = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "hello"]), on: .shell))
        XCTAssertEqual(second.content["execution_count"], 2)
    }

    func testReplyGoesOutBeforeIdle() {
        let (core, _, transport) = makeCore()
        var publishedBeforeReply = -1
        core.handle(request("execute_request", ["code": "value"]), on: .shell) { _ in
            publishedBeforeReply = transport.published.count
        }
        XCTAssertEqual(publishedBeforeReply, transport.published.count - 1)
        XCTAssertEqual(transport.publishedTypes.last, "status:idle")
    }

    func testSilentCellPublishesOnlyStatusAndKeepsTheCount() throws {
        let (core, _, transport) = makeCore()
        let reply = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "value", "silent": true]), on: .shell))
        XCTAssertEqual(transport.publishedTypes, ["status:busy", "status:idle"])
        XCTAssertEqual(reply.content["execution_count"], 0)
    }

    func testErrorGivesOneErrorOutputAndAbortsQueuedCells() throws {
        let (core, _, transport) = makeCore()
        let reply = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "fail"]), on: .shell))
        XCTAssertEqual(transport.publishedTypes, ["status:busy", "execute_input", "error", "status:idle"])
        XCTAssertEqual(reply.content["status"], "error")
        XCTAssertEqual(reply.content["ename"], "ValueError")
        XCTAssertEqual(reply.content["traceback"], ["line 1"])
        XCTAssertTrue(core.isAborting)
        let queued = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "value"]), on: .shell))
        XCTAssertEqual(queued.content["status"], "aborted")
        core.finishAborting()
        let later = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "value"]), on: .shell))
        XCTAssertEqual(later.content["status"], "ok")
    }

    func testErrorWithoutStopOnErrorOrInASilentCellDoesNotAbort() {
        let (core, _, _) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "fail", "stop_on_error": false]), on: .shell)
        XCTAssertFalse(core.isAborting)
        let reply = replyOf(core, request("execute_request", ["code": "fail", "silent": true]), on: .shell)
        XCTAssertEqual(reply?.content["status"], "error")
        XCTAssertFalse(core.isAborting)
    }

    func testDisplayUpdateAndClearCarryTheDisplayID() {
        let (core, _, transport) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "progress"]), on: .shell)
        XCTAssertEqual(transport.publishedTypes,
                       ["status:busy", "execute_input", "display_data", "update_display_data", "clear_output", "status:idle"])
        XCTAssertEqual(transport.published[2].content["transient"]["display_id"], "bar")
        XCTAssertEqual(transport.published[3].content["transient"]["display_id"], "bar")
        XCTAssertEqual(transport.published[3].content["data"]["text/plain"], "100%")
        XCTAssertEqual(transport.published[4].content["wait"], true)
    }

    func testStreamTextIsBatchedAndSentBeforeEachOtherOutput() {
        let (core, _, transport) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "mixed"]), on: .shell)
        XCTAssertEqual(transport.publishedTypes, ["status:busy", "execute_input", "stream", "display_data", "stream",
                                                  "stream", "execute_result", "status:idle"])
        let streams = transport.published.filter { $0.type == "stream" }
        XCTAssertEqual(streams.map { $0.content["text"] }, ["ab", "c", "d"])
        XCTAssertEqual(streams.map { $0.content["name"] }, ["stdout", "stdout", "stderr"])
    }

    func testStreamTextGoesOutBeforeAnInputRequest() throws {
        let (core, backend, transport) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "print then ask"]), on: .shell)
        XCTAssertEqual(backend.inputs, ["Ada"])
        let before = try XCTUnwrap(transport.publishedBeforeInput.first)
        XCTAssertEqual(transport.published[before - 1].content["text"], "your name, please\n")
    }

    func testAFloodIsSentWholeInMessagesOfAtMostTheSizeLimit() {
        let (core, _, transport) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "flood"]), on: .shell)
        let texts = transport.published.filter { $0.type == "stream" }.compactMap { $0.content["text"].stringValue }
        // 1100 lines of 1 KB: a message at the latest when the held text reaches 1 MB.
        XCTAssertGreaterThanOrEqual(texts.count, 2)
        XCTAssertTrue(texts.allSatisfy { $0.utf8.count <= StreamBuffer.sizeLimit })
        XCTAssertEqual(texts.joined(), String(repeating: String(repeating: "x", count: 1023) + "\n", count: 1100))
    }

    func testInputRoundTripAndNotAllowed() {
        let (core, backend, transport) = makeCore()
        _ = replyOf(core, request("execute_request", ["code": "ask"]), on: .shell)
        XCTAssertEqual(backend.inputs, ["Ada"])
        XCTAssertEqual(transport.inputRequests.first?.type, "input_request")
        XCTAssertEqual(transport.inputRequests.first?.content["prompt"], "name? ")
        XCTAssertEqual(transport.inputRequests.first?.identities, [Array("client".utf8)])
        let refused = replyOf(core, request("execute_request", ["code": "ask", "allow_stdin": false]), on: .shell)
        XCTAssertEqual(refused?.content["status"], "error")
        XCTAssertTrue(refused?.content["evalue"].stringValue?.contains("notAllowed") ?? false)
        XCTAssertEqual(transport.inputRequests.count, 1)
    }

    func testUserExpressionsAndPagePayload() throws {
        let (core, _, _) = makeCore()
        let reply = try XCTUnwrap(replyOf(core, 
            request("execute_request", ["code": "help", "user_expressions": ["a": "x", "b": "y"]]), on: .shell))
        XCTAssertEqual(reply.content["user_expressions"]["a"]["status"], "ok")
        XCTAssertEqual(reply.content["user_expressions"]["a"]["data"]["text/plain"], "1")
        XCTAssertEqual(reply.content["user_expressions"]["b"]["ename"], "NameError")
        XCTAssertEqual(reply.content["payload"].arrayValue?.first?["source"], "page")
        XCTAssertEqual(reply.content["payload"].arrayValue?.first?["data"]["text/plain"], "the help page")
    }

    func testKernelInfoCompleteInspectIsComplete() throws {
        let (core, _, _) = makeCore()
        let info = try XCTUnwrap(replyOf(core, request("kernel_info_request", [:]), on: .control))
        XCTAssertEqual(info.type, "kernel_info_reply")
        XCTAssertEqual(info.content["protocol_version"], "5.3")
        XCTAssertEqual(info.content["language_info"]["file_extension"], ".mock")
        XCTAssertEqual(info.content["help_links"], [["text": "Docs", "url": "https://example.org"]])
        let completion = try XCTUnwrap(replyOf(core, request("complete_request", ["code": "pri", "cursor_pos": 3]), on: .shell))
        XCTAssertEqual(completion.content["matches"], ["print", "println"])
        XCTAssertEqual(completion.content["cursor_end"], 3)
        let found = try XCTUnwrap(replyOf(core, request("inspect_request", ["code": "print", "cursor_pos": 5]), on: .shell))
        XCTAssertEqual(found.content["found"], true)
        let missing = try XCTUnwrap(replyOf(core, request("inspect_request", ["code": "zz", "cursor_pos": 2]), on: .shell))
        XCTAssertEqual(missing.content["found"], false)
        let open = try XCTUnwrap(replyOf(core, request("is_complete_request", ["code": "for i in x:"]), on: .shell))
        XCTAssertEqual(open.content["status"], "incomplete")
        XCTAssertEqual(open.content["indent"], "    ")
    }

    func testHistoryTailRangeAndSearch() throws {
        let (core, _, _) = makeCore()
        for code in ["value", "hello", "value", "a1", "a2"] {
            _ = replyOf(core, request("execute_request", ["code": .string(code)]), on: .shell)
        }
        let tail = try XCTUnwrap(replyOf(core, request("history_request", ["hist_access_type": "tail", "n": 2, "output": false]), on: .shell))
        XCTAssertEqual(tail.content["history"], [[1, 4, "a1"], [1, 5, "a2"]])
        let withOutput = try XCTUnwrap(replyOf(core, request("history_request", ["hist_access_type": "tail", "n": 5, "output": true]), on: .shell))
        XCTAssertEqual(withOutput.content["history"].arrayValue?.first, [1, 1, ["value", "42"]])
        let range = try XCTUnwrap(replyOf(core, request("history_request", ["hist_access_type": "range", "session": 1, "start": 2, "stop": 4]), on: .shell))
        XCTAssertEqual(range.content["history"], [[1, 2, "hello"], [1, 3, "value"]])
        let search = try XCTUnwrap(replyOf(core, request("history_request", ["hist_access_type": "search", "pattern": "a?"]), on: .shell))
        XCTAssertEqual(search.content["history"], [[1, 4, "a1"], [1, 5, "a2"]])
        let unique = try XCTUnwrap(replyOf(core, request("history_request", ["hist_access_type": "search", "pattern": "v*", "unique": true]), on: .shell))
        XCTAssertEqual(unique.content["history"], [[1, 3, "value"]])
    }

    func testGlobMatching() {
        func match(_ p: String, _ t: String) -> Bool { History.matches(Array(p.unicodeScalars)[...], Array(t.unicodeScalars)[...]) }
        XCTAssertTrue(match("1?2*", "1+2"))
        XCTAssertTrue(match("*", ""))
        XCTAssertTrue(match("a*b*c", "axxbyyc"))
        XCTAssertFalse(match("a*b", "ac"))
        XCTAssertFalse(match("?", ""))
    }

    func testCommsAreClosedAndUnknownRequestsGetAnErrorReply() throws {
        let (core, _, transport) = makeCore()
        XCTAssertNil(replyOf(core, request("comm_open", ["comm_id": "c1", "target_name": "t", "data": [:]]), on: .shell))
        XCTAssertEqual(transport.published.first { $0.type == "comm_close" }?.content["comm_id"], "c1")
        let info = try XCTUnwrap(replyOf(core, request("comm_info_request", [:]), on: .shell))
        XCTAssertEqual(info.content["comms"], [:])
        let unknown = try XCTUnwrap(replyOf(core, request("frobnicate_request", [:]), on: .shell))
        XCTAssertEqual(unknown.type, "frobnicate_reply")
        XCTAssertEqual(unknown.content["status"], "error")
        XCTAssertNil(replyOf(core, request("frobnicate", [:]), on: .shell))
        let missingCode = try XCTUnwrap(replyOf(core, request("execute_request", ["code": 3]), on: .shell))
        XCTAssertEqual(missingCode.content["status"], "error")
        // Cells run on shell only; on control an execute_request is an unknown type.
        XCTAssertEqual(replyOf(core, request("execute_request", ["code": "x"]), on: .control)?.content["status"], "error")
    }

    func testInterruptAndShutdownOnControl() throws {
        let (core, backend, _) = makeCore()
        let interrupt = try XCTUnwrap(replyOf(core, request("interrupt_request", [:]), on: .control))
        XCTAssertEqual(interrupt.content["status"], "ok")
        XCTAssertEqual(backend.interrupts, 1)
        XCTAssertNil(core.shutdownRequested)
        let shutdown = try XCTUnwrap(replyOf(core, request("shutdown_request", ["restart": true]), on: .control))
        XCTAssertEqual(shutdown.content["restart"], true)
        XCTAssertEqual(core.shutdownRequested, true)
        XCTAssertEqual(backend.shutdowns, [true])
    }

    func testInterruptedInputEndsTheCellWithAnError() throws {
        let (core, _, transport) = makeCore()
        transport.answer = nil
        let reply = try XCTUnwrap(replyOf(core, request("execute_request", ["code": "ask"]), on: .shell))
        XCTAssertEqual(reply.content["status"], "error")
        XCTAssertTrue(reply.content["evalue"].stringValue?.contains("interrupted") ?? false)
    }
}
