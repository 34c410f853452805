#if canImport(Glibc)
import Glibc
#endif

/// A kernel whose front end was killed (a closed terminal, a SIGKILLed Jupyter server) would
/// serve nobody and keep its memory. Jupyter's kernel managers start kernels in a session of
/// their own (so the server's process group dying takes nothing with it) and set
/// `JPY_PARENT_PID` to their own pid; that process is the one watched.
///
/// ipykernel watches only its parent (`getppid()` changing), and only when the variable names
/// it. Here the kernel may be started through a launcher that stays between it and the manager
/// (`sh -c`, `conda run`, a nanny), so the manager is watched by pid when it is any ancestor,
/// with its start time, so a reused pid is not taken for it. `prctl(PR_SET_PDEATHSIG)` would
/// not do: it fires when the thread that forked the kernel ends, which with a launcher is the
/// launcher's, not the server's.
enum ManagerWatch {
    /// Returns once the manager has ended or the kernel was handed to another parent (its
    /// launcher ended); never, when no manager is named. Looks five times a second.
    static func waitWhileManagerLives() -> String {
        guard let variable = getenv("JPY_PARENT_PID"), let named = Int32(String(cString: variable)), named > 1 else {
            while true { pause() }
        }
        let parent = getppid()
        let manager = isAncestor(named) ? ProcessStat(pid: named) : nil
        if manager == nil {
            logToStderr("JPY_PARENT_PID \(named) is not a live process above this kernel: watching the parent \(parent) only")
        }
        while true {
            if getppid() != parent { return "parent process \(parent) is gone" }
            if let manager, ProcessStat(pid: named)?.isSameLiveProcess(as: manager) != true {
                return "the process that started this kernel (JPY_PARENT_PID \(named)) is gone"
            }
            usleep(200_000)
        }
    }

    /// Whether `pid` is this process's parent, grandparent, and so on (read from /proc; false
    /// where there is none).
    private static func isAncestor(_ pid: Int32) -> Bool {
        var current = getppid()
        for _ in 0..<64 {
            if current == pid { return true }
            guard current > 1, let stat = ProcessStat(pid: current) else { return false }
            current = stat.parent
        }
        return false
    }
}

/// The fields of `/proc/<pid>/stat` that say whether a process is the same live one.
private struct ProcessStat {
    let state: UInt8
    let parent: Int32
    /// Clock ticks after boot: with the pid, names one process for the machine's uptime.
    let startTime: UInt64

    init?(pid: Int32) {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        // The command name in parentheses may hold spaces and parentheses: fields follow the last ')'.
        guard let nameEnd = bytes[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(nameEnd + 1)..<count].split(separator: UInt8(ascii: " "))
        // state (field 3), ppid (4), ..., starttime (22)
        guard fields.count > 19, let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
              let start = UInt64(String(decoding: fields[19], as: UTF8.self)) else { return nil }
        state = fields[0].first ?? 0
        self.parent = parent
        startTime = start
    }

    /// Running (not a zombie waiting to be reaped, not dead) and the process `earlier` was read from.
    func isSameLiveProcess(as earlier: ProcessStat) -> Bool {
        state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") && startTime == earlier.startTime
    }
}
