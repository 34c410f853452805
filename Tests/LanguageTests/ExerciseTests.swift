import XCTest
import TestSupport

/// `answer_key` and `check`: keys are the SHA-256 of the canonical answer, computed here
/// independently with Python's hashlib (`hashlib.sha256(b"number|3|2.71e-01")`).
final class ExerciseTests: XCTestCase {
    func testKeysAreDigestsOfTheRoundedAnswer() {
        let h = Harness()
        XCTAssertEqual(h.eval("answer_key(0.271)"), "'key:number:3:673fa34e223f5d8a6b809a83'")
        XCTAssertEqual(h.eval("answer_key(0.27104) == answer_key(0.271)"), "True")
        XCTAssertEqual(h.eval("answer_key([6, 1.0, 90])"), "'key:list3:3:02f30807ce1796e5cc301424'")
        XCTAssertEqual(h.eval("answer_key(' Momentum ')"), "'key:text:3:bd69239883e437650b41fa90'")
    }

    func testCheckSaysRightOrWhatKindOfAnswerIsExpected() {
        let h = Harness()
        h.eval("""
            k = answer_key(0.271)
            check(None, k)
            check(0.2710, k)
            check(0.28, k, hint="add the three discounted terms")
            check([1, 2], k)
            check(tensor([6, 1, 90]), answer_key([6, 1, 90]))
            """)
        XCTAssertEqual(h.stdout, """
            not answered yet: set answer and run this cell again
            right
            not right (compared to 3 significant digits): add the three discounted terms
            not right: the answer is a number; yours is a list of 2 items
            right

            """)
        h.run("check(1, 'key:number:3')")
        XCTAssertEqual(h.error?.name, "ValueError")
        h.run("answer_key(print)")
        XCTAssertEqual(h.error?.name, "TypeError")
    }
}
