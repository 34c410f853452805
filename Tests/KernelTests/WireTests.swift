import XCTest
import JSON
@testable import Kernel

final class WireTests: XCTestCase {
    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    func testSignatureMatchesRFC4231() {
        let signer = MessageSigner(key: Array("Jefe".utf8))
        let parts = [Array("what do ya want ".utf8), Array("for nothing?".utf8)]
        XCTAssertEqual(String(decoding: signer.signature(parts), as: UTF8.self),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertTrue(signer.verify(signature: Array("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843".utf8), parts: parts))
        XCTAssertFalse(signer.verify(signature: Array("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844".utf8), parts: parts))
        XCTAssertFalse(signer.verify(signature: [], parts: parts))
    }

    func testEmptyKeyMeansNoSigning() throws {
        let codec = WireCodec(signer: MessageSigner(key: []))
        let frames = codec.encode(request("kernel_info_request", [:]))
        XCTAssertEqual(frames[2], [])
        XCTAssertEqual(try codec.decode(frames).type, "kernel_info_request")
    }

    func testRoundTripKeepsIdentitiesPartsAndBuffers() throws {
        let codec = WireCodec(signer: MessageSigner(key: Array("secret".utf8)))
        var message = request("execute_request", ["code": "1 + 1\n\"é\" \u{1F600}"])
        message.identities = [[1, 2, 3], Array("b".utf8)]
        message.buffers = [[0, 255]]
        let decoded = try codec.decode(codec.encode(message))
        XCTAssertEqual(decoded.identities, message.identities)
        XCTAssertEqual(decoded.header, message.header)
        XCTAssertEqual(decoded.content, message.content)
        XCTAssertEqual(decoded.buffers, [[0, 255]])
    }

    func testTamperedOrMalformedFramesAreRejectedBeforeParsing() {
        let codec = WireCodec(signer: MessageSigner(key: Array("secret".utf8)))
        var frames = codec.encode(request("execute_request", ["code": "1"]))
        var tampered = frames
        tampered[tampered.count - 1] = Array("{\"code\": \"2\"}".utf8)
        XCTAssertThrowsError(try codec.decode(tampered)) { XCTAssertTrue("\($0)".contains("signature")) }
        XCTAssertThrowsError(try codec.decode(Array(frames.prefix(4)))) { XCTAssertTrue("\($0)".contains("frames")) }
        XCTAssertThrowsError(try codec.decode([[1], [2]])) { XCTAssertTrue("\($0)".contains("delimiter")) }
        // Correctly signed but not JSON: reported as such, not crashed on.
        let unsigned = WireCodec(signer: MessageSigner(key: []))
        frames = unsigned.encode(request("execute_request", [:]))
        frames[frames.count - 1] = Array("{not json".utf8)
        XCTAssertThrowsError(try unsigned.decode(frames)) { XCTAssertTrue("\($0)".contains("content")) }
        frames[frames.count - 1] = Array("[1]".utf8)
        XCTAssertThrowsError(try unsigned.decode(frames)) { XCTAssertTrue("\($0)".contains("not a JSON object")) }
    }

    func testAdjacentStreamsOfOneRequestAreMerged() {
        let factory = MessageFactory()
        let parent = request("execute_request", ["code": ""])
        let other = request("execute_request", ["code": ""])
        let batch = [
            factory.message("stream", content: ["name": "stdout", "text": "a"], parent: parent),
            factory.message("stream", content: ["name": "stdout", "text": "b"], parent: parent),
            factory.message("stream", content: ["name": "stderr", "text": "c"], parent: parent),
            factory.message("stream", content: ["name": "stderr", "text": "d"], parent: other),
            factory.message("status", content: ["execution_state": "idle"], parent: parent),
        ]
        let merged = IOPubPublisher.mergingStreams(batch)
        XCTAssertEqual(merged.map { $0.content["text"] }, ["ab", "c", "d", nil])
    }

    func testConnectionFileFields() throws {
        let info = try ConnectionInfo(json: [
            "transport": "tcp", "ip": "127.0.0.1", "shell_port": 5001, "control_port": 5002, "stdin_port": 5003,
            "iopub_port": 5004, "hb_port": 5005, "key": "k", "signature_scheme": "hmac-sha256",
        ])
        XCTAssertEqual(info.endpoint(info.shellPort), "tcp://127.0.0.1:5001")
        XCTAssertEqual(info.key, Array("k".utf8))
        XCTAssertThrowsError(try ConnectionInfo(json: ["transport": "tcp", "shell_port": 1]))
        XCTAssertThrowsError(try ConnectionInfo(json: [
            "shell_port": 1, "control_port": 2, "stdin_port": 3, "iopub_port": 4, "hb_port": 5, "key": "k",
            "signature_scheme": "hmac-md5",
        ]))
    }
}
