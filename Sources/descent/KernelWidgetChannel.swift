import Foundation
import JSON
import Kernel
import LanguageCore
import LanguageLibrary

/// The session's widgets over the kernel's comms: each model is a comm on target
/// `jupyter.widget` (protocol 2.1), and callbacks run as cells between requests.
final class KernelWidgetChannel: WidgetChannel {
    static let target = "jupyter.widget"
    private let comms: CommManager
    /// The session owns its widgets, which own this channel.
    private unowned let session: Session

    init(comms: CommManager, session: Session) {
        self.comms = comms
        self.session = session
    }

    func open(id: String, data: JSON, buffers: [Data]) {
        comms.open(target: Self.target, data: data, metadata: ["version": "2.1.0"], buffers: buffers.map { [UInt8]($0) }, id: id)
    }

    /// Sends on the model's comm while the kernel's comms still have it open.
    func send(id: String, data: JSON, buffers: [Data]) {
        if let comm = comms.comm(id: id) { comms.send(comm, data: data, buffers: buffers.map { [UInt8]($0) }) }
    }

    var requestID: String? { comms.parent?.id }

    func whenIdle(key: String, _ callback: @escaping () throws -> Void, finally: @escaping () -> Void) {
        comms.whenIdle(key: key) { [session] context in
            session.execute(callback: callback) { SessionBackend.forward($0, to: context) }
            finally()
        }
    }
}
