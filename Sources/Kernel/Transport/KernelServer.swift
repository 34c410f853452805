import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// The running kernel: binds the five sockets of a connection file, starts the heartbeat,
/// IOPub, control and signal threads, and serves the shell channel on a thread with the stack
/// the backend asks for; the main thread watches the process that started it (`ManagerWatch`).
public final class KernelServer {
    private let context: ZMQContext
    private let heartbeat: Heartbeat
    private let iopub: IOPubPublisher
    private let shell: ShellChannel
    private let control: ControlChannel
    private let core: KernelCore
    private let shellStackSize: Int

    public init(connection: ConnectionInfo, backend: KernelBackend) throws {
        shellStackSize = backend.executionStackSize
        let codec = WireCodec(signer: MessageSigner(key: connection.key))
        context = try ZMQContext()
        heartbeat = try Heartbeat(context: context, endpoint: connection.endpoint(connection.heartbeatPort))
        let iopub = try IOPubPublisher(context: context, endpoint: connection.endpoint(connection.iopubPort), codec: codec)
        self.iopub = iopub
        let stdin = StdinChannel(requests: try RequestSocket(
            context: context, endpoint: connection.endpoint(connection.stdinPort), codec: codec, name: "stdin"),
            sendOutputFirst: { iopub.flush(milliseconds: 1000) })
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
        let exitAfterShutdown: (Bool) -> Void = { [iopub, core] _ in
            core.flushStreams()
            iopub.flush(milliseconds: 1000)
            // ZeroMQ writes from its own I/O thread: give it a moment to put the last
            // replies on the wire before the process ends.
            usleep(50_000)
            terminate(0)
        }
        control.start(onShutdown: exitAfterShutdown)
        core.announceStart()
        startThread(stackSize: shellStackSize) { [shell] in
            shell.serve(onShutdown: exitAfterShutdown)
            logToStderr("shell socket closed")
            terminate(1)
        }
        logToStderr("\(ManagerWatch.waitWhileManagerLives()): exiting")
        terminate(0)
    }

    /// SIGINT (what a front end with `interrupt_mode: signal` sends) interrupts the running
    /// cell like an `interrupt_request`. The handler only writes a byte to a pipe (any thread
    /// may take the signal, including ones the runtime started); a watcher thread reads it
    /// and interrupts as ordinary code.
    private func watchInterruptSignal() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            logToStderr("no pipe for SIGINT: interrupt by message only")
            return
        }
        interruptPipeWriteEnd = ends[1]
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriteEnd, &byte, 1)
        }
        let readEnd = ends[0]
        startThread { [core] in
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n == 1 { core.interrupt() } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}

/// Ends the kernel without `exit`'s atexit handlers: OpenBLAS's waits for its threads, so `exit`
/// hangs for good while a matrix product runs on the shell thread (a shutdown, or a killed
/// manager, then left the kernel running). Nothing is lost: the kernel writes no buffered stdio
/// (its log goes to the descriptor) and its replies are on the wire by then.
private func terminate(_ status: Int32) -> Never {
    _exit(status)
}

/// Where the SIGINT handler writes; set before the handler is installed. A C signal handler
/// cannot capture context, hence a global; it is unsafe to share only in name: written once, by
/// `watchInterruptSignal` before `signal` installs the handler that reads it.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1
