import XCTest
import Foundation
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

    /// Header dates are ISO 8601 UTC with microseconds, and now.
    func testTimestampIsISO8601WithMicroseconds() throws {
        let stamp = isoTimestamp()
        XCTAssertNotNil(stamp.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"#, options: .regularExpression), stamp)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try XCTUnwrap(formatter.date(from: String(stamp.dropLast(4)) + "Z"))
        XCTAssertEqual(date.timeIntervalSinceNow, 0, accuracy: 5)
    }

    /// RFC 4231 test case 6: a key longer than SHA-256's block is hashed first.
    func testSignatureWithKeyLongerThanABlockMatchesRFC4231() {
        let signer = MessageSigner(key: [UInt8](repeating: 0xAA, count: 131))
        let parts = [Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)]
        XCTAssertEqual(String(decoding: signer.signature(parts), as: UTF8.self),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// RFC 4231 test case 4 (a 25-byte key, 50 bytes of 0xcd), with the data split into four parts
    /// as a message's header, parent header, metadata and content are.
    func testSignatureOverSeveralPartsMatchesRFC4231() {
        let signer = MessageSigner(key: (1...25).map { UInt8($0) })
        let data = [UInt8](repeating: 0xCD, count: 50)
        let parts = [Array(data[0..<7]), Array(data[7..<20]), [], Array(data[20...])]
        XCTAssertEqual(String(decoding: signer.signature(parts), as: UTF8.self),
                       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
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

    /// A reply's parent header is the request's header frame, byte for byte, even in a layout
    /// this kernel would not print (key order, spaces, escapes), and it is signed as sent.
    func testReplyCarriesTheRequestHeaderBytesAsItsParent() throws {
        let signer = MessageSigner(key: Array("secret".utf8))
        let codec = WireCodec(signer: signer)
        let header = Array(#"{"version": "5.3", "msg_type": "execute_request", "msg_id": "a\u00e9", "session": "s", "username": "u", "date": ""}"#.utf8)
        let parts = [header, Array("{}".utf8), Array("{}".utf8), Array(#"{"code": "1"}"#.utf8)]
        let request = try codec.decode([Array("id".utf8), WireCodec.delimiter, signer.signature(parts)] + parts)
        XCTAssertEqual(request.id, "aé")
        let reply = MessageFactory().message("execute_reply", content: ["status": "ok"], parent: request)
        let frames = codec.encode(reply)
        XCTAssertEqual(frames[0], Array("id".utf8))
        XCTAssertEqual(frames[4], header)
        XCTAssertEqual(try codec.decode(frames).parentHeader["msg_id"], "aé")
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
