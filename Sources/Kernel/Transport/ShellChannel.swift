/// The shell channel: execute and the other requests, one at a time, on the thread that
/// calls `serve()`. After a cell fails with `stop_on_error`, the requests already queued
/// are answered `aborted`.
final class ShellChannel {
    private let requests: RequestSocket
    private let core: KernelCore

    init(requests: RequestSocket, core: KernelCore) {
        self.requests = requests
        self.core = core
    }

    func serve(onShutdown: (Bool) -> Void) {
        while let request = requests.receive() {
            let reply = core.handle(request, on: .shell)
            // Only requests that arrived before the failed cell's reply count as queued.
            var queued: [Message] = []
            if core.isAborting {
                while let next = requests.receive(milliseconds: 0) { queued.append(next) }
            }
            if let reply { requests.send(reply) }
            for next in queued {
                if let reply = core.handle(next, on: .shell) { requests.send(reply) }
            }
            core.finishAborting()
            if let restart = core.shutdownRequested { onShutdown(restart) }
        }
    }
}
