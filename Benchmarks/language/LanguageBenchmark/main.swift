import Foundation
import LanguageCore
import LanguageLibrary

/// Runs Descent programs and prints how long each took:
/// `LanguageBenchmark file.descent [more.descent ...] [--repeat N] [--specialize none|all|a,b]`
/// (the specialisations: localPlusInt, intCompare, globalCall, returnOnlyBodies). Output of the programs goes
/// to stdout; timings (best of N, each in a fresh session) go to stderr as
/// `name: wall-seconds cpu-seconds`, the CPU time being the process's (all threads), which
/// stays meaningful on a loaded machine.
/// User plus system CPU time of the whole process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

var files: [String] = []
var repeats = 1
var specializations = Specializations.all
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    if a == "--repeat", let n = arguments.popFirst().flatMap(Int.init) {
        repeats = n
    } else if a == "--specialize", let names = arguments.popFirst() {
        let known: [String: Specializations] = ["localPlusInt": .localPlusInt, "intCompare": .intCompare,
                                                "globalCall": .globalCall, "returnOnlyBodies": .returnOnlyBodies, "all": .all]
        specializations = Specializations(names.split(separator: ",").compactMap { known[String($0)] })
    } else {
        files.append(a)
    }
}
var failed = false
for path in files {
    guard let code = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(2)
    }
    var best = Double.infinity
    var bestCPU = Double.infinity
    for _ in 0..<repeats {
        let session = Session()
        session.specializations = specializations
        let cpuStart = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let status = session.execute(code, name: path) { out in
            switch out {
            case .stream(let name, let text):
                (name == "stderr" ? FileHandle.standardError : FileHandle.standardOutput).write(text.data(using: .utf8)!)
            case .result(let b, _): print(b.text ?? "")
            case .error(_, _, let tb): FileHandle.standardError.write((tb.joined(separator: "\n") + "\n").data(using: .utf8)!)
            default: break
            }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
        if case .error = status { failed = true }
    }
    FileHandle.standardError.write("\((path as NSString).lastPathComponent): \(String(format: "%.4f %.4f", best, bestCPU))\n".data(using: .utf8)!)
}
exit(failed ? 1 : 0)
