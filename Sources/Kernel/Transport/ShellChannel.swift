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
            answer(request)
            if core.isAborting {
                while let queued = requests.receive(milliseconds: 0) { answer(queued) }
                core.finishAborting()
            }
            if let restart = core.shutdownRequested { onShutdown(restart) }
        }
    }

    private func answer(_ request: Message) {
        if let reply = core.handle(request, on: .shell) { requests.send(reply) }
    }
}
