import Engine
import Foundation
import Interruption

/// Runs independent trials, one after the other in this process or in parallel in worker
/// processes, and gives the same records either way.
///
/// Why processes and not threads: Engine's grad mode and random stream are per thread, but
/// OpenBLAS's thread count is global, and the language's interpreter, which runs a Descent trial,
/// keeps one value stack and call depth that its compiled code reaches directly. A forked worker
/// has all of these to itself, so a trial needs no locks and draws exactly what it would draw
/// alone. A worker is forked once per batch and runs trial after
/// trial (BLAS on one thread, Engine's `Random` seeded with each trial's seed), sending each
/// record back over a socket; a worker that crashes fails only its current trial and another
/// is forked for the rest.
///
/// Interrupts: between trials (serial) or every 50 ms (parallel) the pool takes a pending
/// `Interrupt`; running workers are killed and the pool returns what finished, marked
/// interrupted. An objective that throws `KeyboardInterrupt` does the same. (`SearchRun` then
/// hands the interrupt on, so that the cell stops too.)
///
/// Workers never outlive the process that forked them: each watches a pipe whose only write end
/// that process holds, and exits when it closes, which it does however that process ends
/// (SIGKILL, a crash). A worker busy in a trial notices within milliseconds; without this a
/// killed kernel left its workers computing at full speed.
struct TrialPool: TrialRunner {
    let workers: Int

    /// True in a worker process: a search started inside a trial runs serially there.
    // nonisolated(unsafe): written once, in a forked worker process before it runs anything else.
    nonisolated(unsafe) static var insideWorker = false

    /// `requested` workers (nil: one per core), one when already inside a worker.
    init(requested: Int?) throws {
        if let requested, requested < 1 {
            throw LearnError.value("workers must be at least 1, got \(requested)")
        }
        workers = TrialPool.insideWorker ? 1 : (requested ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    var place: String { "\(workers) worker\(workers == 1 ? "" : "s")" }
    /// A forked worker trains its own copy of a `pbt` member, so the state travels both ways.
    var runsHere: Bool { workers == 1 }

    func run(_ trials: [Trial], _ objective: @escaping Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        inTrialOrder(trials.count, report: report) { finish in
            workers == 1 || trials.count == 1
                ? runSerially(trials, objective, finish)
                : runInWorkers(trials, objective, finish)
        }
    }

    private func runSerially(_ trials: [Trial], _ objective: Objective,
                             _ finish: (Int, TrialRecord) -> Void) -> Bool {
        for (position, trial) in trials.enumerated() {
            if Interrupt.take() { return true }
            guard let record = TrialPool.execute(trial, objective) else { return true }
            finish(position, record)
        }
        return false
    }

    /// Runs the objective on `trial` with its random stream; nil when it was interrupted.
    static func execute(_ trial: Trial, _ objective: Objective) -> TrialRecord? {
        Random.seed(trial.seed)
        let clock = ContinuousClock()
        let start = clock.now
        var record = TrialRecord(index: trial.index, configuration: trial.configuration, generation: trial.generation,
                                 parent: trial.parent, status: .ok, score: nil, error: nil, seconds: 0, output: "")
        do {
            let score = try objective(trial)
            if score.isFinite {
                record.score = score
            } else {
                record.status = .diverged
                record.error = "the score is \(formatHyperNumber(score))"
            }
        } catch let e as EngineError where e.kind == "KeyboardInterrupt" {
            return nil
        } catch let e as TrialDiverged {
            record.status = .diverged
            record.error = e.message
        } catch {
            record.status = .failed
            record.error = String(describing: error)
        }
        let d = clock.now - start
        record.seconds = d.seconds
        record.output = trial.output
        return record
    }

    /// A worker process and the socket the pool talks to it through.
    private struct Worker {
        let pid: pid_t
        let fd: Int32
        /// The trial it is running, nil while it waits for one.
        var position: Int?
        /// Bytes of the record under way (records end with a newline).
        var bytes: [UInt8] = []
    }

    /// Keeps up to `workers` long-lived workers busy: each is sent a trial position, runs it and
    /// answers with its record, then gets the next one, so a batch costs one fork per worker.
    /// A worker that dies fails its current trial and is replaced.
    private func runInWorkers(_ trials: [Trial], _ objective: Objective,
                              _ finish: (Int, TrialRecord) -> Void) -> Bool {
        // OpenBLAS is opened on first use: open it here, once, so that the workers inherit it
        // instead of each opening it (and reopening it where it misdetects the CPU).
        BLASCore.open()
        var lifeline: [Int32] = [-1, -1]
        guard pipe(&lifeline) == 0 else { return runSerially(trials, objective, finish) }
        var next = 0
        var pool: [Worker] = []
        defer {
            pool.forEach { TrialPool.stop($0, kill: true) }
            close(lifeline[0])
            close(lifeline[1])
        }
        while next < trials.count || pool.contains(where: { $0.position != nil }) {
            if Interrupt.take() { return true }
            while pool.count < workers, pool.filter({ $0.position == nil }).count < trials.count - next,
                  let w = start(trials, objective, lifeline: lifeline) {
                pool.append(w)
            }
            if pool.isEmpty {
                guard let record = TrialPool.execute(trials[next], objective) else { return true }
                finish(next, record)
                next += 1
                continue
            }
            for i in pool.indices where pool[i].position == nil && next < trials.count {
                var position = next
                if send(pool[i].fd, &position, MemoryLayout<Int>.size, Int32(MSG_NOSIGNAL)) == MemoryLayout<Int>.size {
                    pool[i].position = next
                    next += 1
                }
            }
            var fds = pool.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            var dead: [Int] = []
            for (i, p) in fds.enumerated() where p.revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let n = read(p.fd, &chunk, chunk.count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    dead.append(i)
                    continue
                }
                pool[i].bytes += chunk[..<n]
                while let end = pool[i].bytes.firstIndex(of: UInt8(ascii: "\n")), let position = pool[i].position {
                    let answer = try? JSONDecoder().decode(TrialAnswer.self, from: Data(pool[i].bytes[..<end]))
                    pool[i].bytes.removeSubrange(...end)
                    pool[i].position = nil
                    trials[position].trainedState = answer?.state
                    finish(position, answer?.record ?? TrialPool.failure(trials[position], "sent an unreadable record"))
                }
            }
            for i in dead.reversed() {
                let w = pool.remove(at: i)
                let status = TrialPool.stop(w, kill: false)
                if let position = w.position {
                    let signal = status & 0x7f
                    let how = signal != 0 ? "was killed by signal \(signal)" : "exited with status \((status >> 8) & 0xff)"
                    finish(position, TrialPool.failure(trials[position], "\(how) before it reported"))
                }
            }
        }
        return false
    }

    /// Kills a worker when asked (not one whose socket closed: it is exiting with its own status),
    /// closes the socket and reaps it; its wait status. Closing alone would not end a waiting
    /// worker: workers forked later hold copies of earlier workers' sockets.
    @discardableResult
    private static func stop(_ w: Worker, kill force: Bool) -> Int32 {
        if force { kill(w.pid, SIGKILL) }
        close(w.fd)
        var status: Int32 = 0
        waitpid(w.pid, &status, 0)
        return status
    }

    /// Forks a worker that serves `trials` and exits when `lifeline`'s write end closes; nil when
    /// no process could be made.
    private func start(_ trials: [Trial], _ objective: Objective, lifeline: [Int32]) -> Worker? {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { return nil }
        fflush(nil)  // every C stream: nothing buffered is written twice, by parent and child
        let pid = fork()
        if pid < 0 {
            close(ends[0])
            close(ends[1])
            return nil
        }
        if pid == 0 {
            close(ends[0])
            close(lifeline[1])
            TrialPool.watch(lifeline[0])
            TrialPool.serve(trials, objective, over: ends[1])
        }
        close(ends[1])
        return Worker(pid: pid, fd: ends[0])
    }

    /// Starts the worker's thread that ends the worker when `fd` (the lifeline's read end) reads
    /// end of file: every write end but the pool process's is closed, so that happens exactly
    /// when the pool process is gone. Also when it died before this thread started.
    private static func watch(_ fd: Int32) {
        var thread = pthread_t()
        // The thread's argument carries the descriptor itself in its bits, not a pointer to memory.
        let started = pthread_create(&thread, nil, { arg in
            let fd = Int32(Int(bitPattern: arg))
            var byte: UInt8 = 0
            while true {
                let n = read(fd, &byte, 1)
                if n == 0 || (n < 0 && errno != EINTR) { _exit(3) }
            }
        }, UnsafeMutableRawPointer(bitPattern: Int(fd)))
        // Without the thread the worker cannot watch: it ends rather than risk outliving the pool.
        if started != 0 { _exit(3) }
        pthread_detach(thread)
    }

    /// The worker's whole life: one thread of BLAS, then for each trial position the pool sends,
    /// the trial and its record (a `TrialAnswer`, JSON, one line) back; exit when the pool closes the socket.
    /// An interrupted trial ends the worker (status 2) without a record.
    private static func serve(_ trials: [Trial], _ objective: Objective, over fd: Int32) -> Never {
        signal(SIGINT, SIG_IGN)
        insideWorker = true
        BLASThreads.useOneThread()
        var position = 0
        var status: Int32 = 0
        while recv(fd, &position, MemoryLayout<Int>.size, Int32(MSG_WAITALL)) == MemoryLayout<Int>.size,
              trials.indices.contains(position) {
            guard let record = execute(trials[position], objective),
                  var line = try? JSONEncoder().encode(TrialAnswer(record: record, state: trials[position].trainedState)) else {
                status = 2
                break
            }
            line.append(UInt8(ascii: "\n"))
            fflush(nil)
            let sent = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent != line.count { break }
        }
        fflush(nil)
        _exit(status)
    }

    /// The record of a trial whose worker process failed it.
    static func failure(_ trial: Trial, _ what: String) -> TrialRecord {
        TrialRecord(index: trial.index, configuration: trial.configuration, generation: trial.generation,
                    parent: trial.parent, status: .failed, score: nil, error: "RuntimeError: the trial's worker process \(what)",
                    seconds: 0, output: "")
    }
}
