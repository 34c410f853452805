@testable import Engine
import Foundation
import Interruption
import XCTest

/// The recycler remakes only tensors nothing else holds, and a remade tensor is a new one.
final class TensorRecyclerTests: XCTestCase {
    /// Tensors still held keep their values however many tensors are made (and remade) around
    /// them; those that died are remade, so that the loop stops taking objects from malloc.
    func testLiveTensorsAreNeverRemade() throws {
        var kept: [(Tensor, Double)] = []
        let before = Memory.freshTensorObjects
        for i in 0..<2000 {
            let t = try Tensor.full([3], value: Double(i))
            let doubled = try t * 2
            if i % 7 == 0 { kept.append((doubled, Double(2 * i))) }
        }
        for (t, v) in kept { XCTAssertEqual(t.scalars(), [v, v, v]) }
        XCTAssertEqual(Set(kept.map { ObjectIdentifier($0.0) }).count, kept.count)
        XCTAssertLessThan(Memory.freshTensorObjects - before, 2 * kept.count + TensorRecycler.capacity,
                          "dead tensors are remade, not replaced by new objects")
    }

    /// A remade tensor starts as a new one would: no graph, no gradient, a leaf that does not
    /// require one, its own shape and layout, whatever the tensor it was had.
    func testARemadeTensorCarriesNothingOver() throws {
        let w = try Tensor.ones([2, 3], dtype: .float64)
        w.requiresGrad = true
        for step in 0..<300 {
            let y = try w * Double(step + 1)
            XCTAssertTrue(y.requiresGrad)
            XCTAssertEqual(y.op, "mul")
            let fresh = try Tensor.zeros([3, 2], dtype: .float32) + 1
            XCTAssertTrue(fresh.isLeaf)
            XCTAssertFalse(fresh.requiresGrad)
            XCTAssertNil(fresh.grad)
            XCTAssertTrue(fresh.isContiguous)
            XCTAssertEqual(fresh.shape, Dims(3, 2))
            XCTAssertEqual(fresh.scalars(), Array(repeating: 1, count: 6))
            // Leave something behind for the next life of these objects.
            fresh.requiresGrad = true
            fresh.grad = try Tensor.ones([3, 2])
            _ = fresh.T
            try y.sum().backward()
        }
        XCTAssertEqual(try XCTUnwrap(w.grad).scalars()[0], (1...300).reduce(0.0) { $0 + Double($1) })
    }

    /// A view outliving the tensor it was taken from keeps the values: remaking the dead tensor
    /// does not hand their shared storage back to the pool.
    func testAViewKeepsItsStorageWhenItsBaseIsRemade() throws {
        var views: [Tensor] = []
        for i in 0..<300 {
            let base = try Tensor.full([2, 2], value: Double(i)) + 0
            views.append(base.T)
        }
        for (i, v) in views.enumerated() { XCTAssertEqual(v.scalars(), [Double(i), Double(i), Double(i), Double(i)]) }
    }

    /// Tensors made on one thread and held by another are not remade while held, and are once
    /// the other thread lets go.
    func testATensorHeldByAnotherThreadIsNotRemade() throws {
        let held = try (0..<50).map { try Tensor.full([4], value: Double($0)) + 0 }
        let ids = held.map(ObjectIdentifier.init)
        let done = DispatchSemaphore(value: 0)
        // Unsafe, and safe: the other thread alone touches `other` until it signals `done`,
        // which the main thread waits for before it reads `other` again.
        nonisolated(unsafe) var other: [Tensor]? = held
        Thread {
            for (i, t) in other!.enumerated() { precondition(t.scalars() == [Double](repeating: Double(i), count: 4)) }
            other = nil
            done.signal()
        }.start()
        var made: [Tensor] = []
        for _ in 0..<500 { made.append(try Tensor.full([4], value: -1) + 0) }
        for (i, t) in held.enumerated() { XCTAssertEqual(t.scalars(), [Double](repeating: Double(i), count: 4)) }
        XCTAssertTrue(made.allSatisfy { !ids.contains(ObjectIdentifier($0)) })
        done.wait()
        XCTAssertNil(other)
    }

    /// `releaseRecycled` lets go of dead tensors at once, with what they hold.
    func testReleaseRecycledFreesDeadTensors() throws {
        weak var dead: Tensor?
        do {
            let t = try Tensor.ones([8]) + 1
            dead = t
        }
        XCTAssertNotNil(dead, "the recycler still holds it")
        Tensor.releaseRecycled()
        XCTAssertNil(dead)
    }
}
