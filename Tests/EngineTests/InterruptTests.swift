import XCTest
import Engine

final class InterruptTests: XCTestCase {
    func testRequestIsTakenOnce() {
        Interrupt.clear()
        XCTAssertFalse(Interrupt.isRequested)
        Interrupt.request()
        XCTAssertTrue(Interrupt.isRequested)
        XCTAssertTrue(Interrupt.take())
        XCTAssertFalse(Interrupt.take())
    }
}
