/// The control channel, on its own thread: interrupt, shutdown and kernel_info are answered
/// while a cell runs on the shell thread.
final class ControlChannel {
    private let requests: RequestSocket
    private let core: KernelCore

    init(requests: RequestSocket, core: KernelCore) {
        self.requests = requests
        self.core = core
    }

    func start(onShutdown: @escaping (Bool) -> Void) {
        startThread { [requests, core] in
            while let request = requests.receive() {
                core.handle(request, on: .control) { requests.send($0) }
                if let restart = core.shutdownRequested { onShutdown(restart) }
            }
        }
    }
}
