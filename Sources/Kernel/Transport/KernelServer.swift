import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// The running kernel: binds the five sockets of a connection file, starts the heartbeat,
/// IOPub, control and signal threads, and serves the shell channel on the calling thread.
public final class KernelServer {
    private let context: ZMQContext
    private let heartbeat: Heartbeat
    private let iopub: IOPubPublisher
    private let shell: ShellChannel
    private let control: ControlChannel
    private let core: KernelCore

    public init(connection: ConnectionInfo, backend: KernelBackend) throws {
        let codec = WireCodec(signer: MessageSigner(key: connection.key))
        context = try ZMQContext()
        heartbeat = try Heartbeat(context: context, endpoint: connection.endpoint(connection.heartbeatPort))
        let iopub = try IOPubPublisher(context: context, endpoint: connection.endpoint(connection.iopubPort), codec: codec)
        self.iopub = iopub
        let stdin = StdinChannel(requests: try RequestSocket(
            context: context, endpoint: connection.endpoint(connection.stdinPort), codec: codec, name: "stdin"))
        core = KernelCore(backend: backend, publish: { iopub.publish($0) }, input: stdin, log: logToStderr)
        shell = ShellChannel(requests: try RequestSocket(
            context: context, endpoint: connection.endpoint(connection.shellPort), codec: codec, name: "shell"), core: core)
        control = ControlChannel(requests: try RequestSocket(
            context: context, endpoint: connection.endpoint(connection.controlPort), codec: codec, name: "control"), core: core)
    }

    /// Serves until a `shutdown_request`, then exits the process.
    public func run() -> Never {
        watchInterruptSignal()
        heartbeat.start()
        iopub.start()
        let exitAfterShutdown: (Bool) -> Void = { [iopub] _ in
            iopub.flush(milliseconds: 1000)
            exit(0)
        }
        control.start(onShutdown: exitAfterShutdown)
        core.announceStart()
        shell.serve(onShutdown: exitAfterShutdown)
        logToStderr("shell socket closed")
        exit(1)
    }

    /// SIGINT (what a front end with `interrupt_mode: signal` sends) interrupts the running
    /// cell like an `interrupt_request`. The signal is blocked in every thread and taken by
    /// one thread with `sigwait`, so the handling runs as ordinary code, not in a handler.
    private func watchInterruptSignal() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        startThread { [core, signals] in
            while true {
                var received: Int32 = 0
                var waitSet = signals
                if sigwait(&waitSet, &received) == 0, received == SIGINT { core.interrupt() }
            }
        }
    }
}
