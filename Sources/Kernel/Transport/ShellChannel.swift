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
            var queued: [Message] = []
            core.handle(request, on: .shell) { reply in
                // Only requests that arrived before the failed cell's reply count as queued.
                if core.isAborting {
                    while let next = requests.receive(milliseconds: 0) { queued.append(next) }
                }
                requests.send(reply)
            }
            for next in queued { core.handle(next, on: .shell) { requests.send($0) } }
            core.finishAborting()
            if let restart = core.shutdownRequested { onShutdown(restart) }
        }
    }
}
