import Foundation
import XCTest
@testable import Kernel

/// The batching of stream text: held until an interval passes, a size is reached, the stream
/// changes or a flush is asked for; never reordered.
final class StreamBufferTests: XCTestCase {
    private let parent = request("execute_request", ["code": ""])

    private func makeBuffer(interval: Double) -> (StreamBuffer, MockTransport) {
        let transport = MockTransport()
        return (StreamBuffer(factory: MessageFactory(), interval: interval) { transport.publish($0) }, transport)
    }

    func testThirtyThousandLinesGoOutAsOneMessageOnFlush() {
        let (buffer, transport) = makeBuffer(interval: 60)
        let lines = (0..<30_000).map { "\($0)\n" }
        for line in lines { buffer.write(line, name: .stdout, parent: parent) }
        XCTAssertTrue(transport.published.isEmpty)
        buffer.flush()
        XCTAssertEqual(transport.published.count, 1)
        let message = transport.published[0]
        XCTAssertEqual(message.type, "stream")
        XCTAssertEqual(message.content["name"], "stdout")
        XCTAssertEqual(message.content["text"].stringValue, lines.joined())
        XCTAssertEqual(message.parentHeader["msg_id"].stringValue, parent.id)
        buffer.flush()
        XCTAssertEqual(transport.published.count, 1, "a flush with nothing held sends nothing")
    }

    func testAChangeOfStreamOrRequestSendsTheHeldTextFirst() {
        let (buffer, transport) = makeBuffer(interval: 60)
        let other = request("execute_request", ["code": ""])
        buffer.write("a", name: .stdout, parent: parent)
        buffer.write("b", name: .stdout, parent: parent)
        buffer.write("c", name: .stderr, parent: parent)
        buffer.write("d", name: .stdout, parent: parent)
        buffer.write("e", name: .stdout, parent: other)
        buffer.flush()
        XCTAssertEqual(transport.published.map { $0.content["text"] }, ["ab", "c", "d", "e"])
        XCTAssertEqual(transport.published.map { $0.content["name"] }, ["stdout", "stderr", "stdout", "stdout"])
        XCTAssertEqual(transport.published.map { $0.parentHeader["msg_id"].stringValue },
                       [parent.id, parent.id, parent.id, other.id])
    }

    func testHeldTextReachingTheSizeLimitGoesOutAtOnce() {
        let (buffer, transport) = makeBuffer(interval: 60)
        let piece = String(repeating: "y", count: 1000)
        var written = 0
        while written + 1000 < StreamBuffer.sizeLimit {
            buffer.write(piece, name: .stdout, parent: parent)
            written += 1000
        }
        XCTAssertTrue(transport.published.isEmpty)
        buffer.write(piece, name: .stdout, parent: parent)
        XCTAssertEqual(transport.published.count, 1)
        XCTAssertEqual(transport.published[0].content["text"].stringValue?.utf8.count, written + 1000)
        buffer.write("z", name: .stdout, parent: parent)
        buffer.flush()
        XCTAssertEqual(transport.published.last?.content["text"], "z")
    }

    /// A cell that prints a line and then computes for long: the timer sends the line after
    /// the interval, not when the cell ends.
    func testTheTimerSendsHeldTextWhileTheWriterIsBusy() throws {
        let (buffer, transport) = makeBuffer(interval: 0.05)
        let start = Date()
        buffer.write("early\n", name: .stdout, parent: parent)
        XCTAssertTrue(transport.published.isEmpty)
        while transport.published.isEmpty && Date().timeIntervalSince(start) < 5 { usleep(1000) }
        let waited = Date().timeIntervalSince(start)
        XCTAssertEqual(transport.published.first?.content["text"], "early\n")
        XCTAssertGreaterThanOrEqual(waited, 0.05)
        XCTAssertLessThan(waited, 1)
        // Again after an idle stretch longer than the timer's idle wait (one second).
        usleep(1_200_000)
        let again = Date()
        buffer.write("later\n", name: .stdout, parent: parent)
        while transport.published.count < 2 && Date().timeIntervalSince(again) < 5 { usleep(1000) }
        XCTAssertEqual(transport.published.last?.content["text"], "later\n")
        XCTAssertLessThan(Date().timeIntervalSince(again), 1)
    }
}
