import COpenBLAS
import Engine
import Foundation

/// Runs independent trials, one after the other in this process or in parallel in worker
/// processes, and gives the same records either way.
///
/// Why processes and not threads: Engine's grad mode is one unsynchronized counter, its random
/// stream is shared (threads would interleave their draws), OpenBLAS's thread count is global,
/// and the language's interpreter keeps one value stack and call depth that its compiled code
/// reaches directly. A forked worker has all of these to itself, so a trial needs no locks and
/// draws exactly what it would draw alone. A worker runs its BLAS on one thread, seeds Engine's
/// `Random` with the trial's seed, and sends its record back through a pipe; a worker that
/// crashes only fails its own trial.
///
/// Interrupts: between trials (serial) or every 50 ms (parallel) the pool takes a pending
/// `Interrupt`; running workers are killed and the pool returns what finished, marked
/// interrupted. An objective that throws `KeyboardInterrupt` does the same.
struct TrialPool {
    let workers: Int

    /// True in a worker process: a search started inside a trial runs serially there.
    nonisolated(unsafe) static var insideWorker = false

    /// `requested` workers (nil: one per core), one when already inside a worker.
    init(requested: Int?) throws {
        if let requested, requested < 1 {
            throw LearnError.value("workers must be at least 1, got \(requested)")
        }
        workers = TrialPool.insideWorker ? 1 : (requested ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The records of the trials that finished, in trial order, and whether an interrupt
    /// stopped the batch. `report` sees each record in trial order as soon as it and every
    /// earlier one are done.
    func run(_ trials: [Trial], _ objective: Objective,
             report: (TrialRecord) -> Void) -> (records: [TrialRecord], interrupted: Bool) {
        var done: [Int: TrialRecord] = [:]
        var reported = 0
        func finish(_ position: Int, _ record: TrialRecord) {
            done[position] = record
            while reported < trials.count, let r = done[reported] {
                report(r)
                reported += 1
            }
        }
        let interrupted = workers == 1 || trials.count == 1
            ? runSerially(trials, objective, finish)
            : runInWorkers(trials, objective, finish)
        return (done.keys.sorted().compactMap { done[$0] }, interrupted)
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
                                 status: .ok, score: nil, error: nil, seconds: 0, output: "")
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
        record.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        record.output = trial.output
        return record
    }

    private struct Worker {
        let pid: pid_t
        let fd: Int32
        let position: Int
        var bytes: [UInt8] = []
    }

    private func runInWorkers(_ trials: [Trial], _ objective: Objective,
                              _ finish: (Int, TrialRecord) -> Void) -> Bool {
        var next = 0
        var running: [Worker] = []
        while next < trials.count || !running.isEmpty {
            if Interrupt.take() {
                for w in running {
                    kill(w.pid, SIGKILL)
                    close(w.fd)
                    var status: Int32 = 0
                    waitpid(w.pid, &status, 0)
                }
                return true
            }
            while running.count < workers, next < trials.count {
                if let w = start(trials[next], position: next, objective) {
                    running.append(w)
                } else if let record = TrialPool.execute(trials[next], objective) {
                    finish(next, record)
                } else {
                    return true
                }
                next += 1
            }
            var fds = running.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            var finished: [Int] = []
            for (i, p) in fds.enumerated() where p.revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let n = read(p.fd, &chunk, chunk.count)
                if n > 0 {
                    running[i].bytes += chunk[..<n]
                } else if n == 0 || errno != EINTR {
                    finished.append(i)
                }
            }
            for i in finished.reversed() {
                let w = running.remove(at: i)
                close(w.fd)
                var status: Int32 = 0
                waitpid(w.pid, &status, 0)
                finish(w.position, TrialPool.decode(w.bytes, status: status, trial: trials[w.position]))
            }
        }
        return false
    }

    /// Forks a worker for `trial`; nil when no process could be made (the caller runs it here).
    private func start(_ trial: Trial, position: Int, _ objective: Objective) -> Worker? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        fflush(stdout)
        fflush(stderr)
        let pid = fork()
        if pid < 0 {
            close(ends[0])
            close(ends[1])
            return nil
        }
        if pid == 0 {
            close(ends[0])
            TrialPool.serve(trial, objective, to: ends[1])
        }
        close(ends[1])
        return Worker(pid: pid, fd: ends[0], position: position)
    }

    /// The worker's whole life: one thread of BLAS, the trial, its record down the pipe, exit.
    private static func serve(_ trial: Trial, _ objective: Objective, to fd: Int32) -> Never {
        signal(SIGINT, SIG_IGN)
        insideWorker = true
        BLASThreads.singleThreadBelow = .max
        openblas_set_num_threads(1)
        let record = execute(trial, objective)
        let bytes = record.flatMap { try? JSONEncoder().encode($0) } ?? Data()
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        fflush(stdout)
        fflush(stderr)
        _exit(record == nil ? 2 : 0)
    }

    /// The record a worker sent, or a failed record saying how the worker ended.
    private static func decode(_ bytes: [UInt8], status: Int32, trial: Trial) -> TrialRecord {
        if let record = try? JSONDecoder().decode(TrialRecord.self, from: Data(bytes)) { return record }
        let signal = status & 0x7f
        let how = signal != 0 ? "was killed by signal \(signal)" : "exited with status \((status >> 8) & 0xff)"
        return TrialRecord(index: trial.index, configuration: trial.configuration, generation: trial.generation,
                           status: .failed, score: nil, error: "RuntimeError: the trial's worker process \(how) before it reported",
                           seconds: 0, output: "")
    }
}
