import Foundation
import Language

/// Runs Descent programs in one session and prints how long each took:
/// `LanguageBenchmark file.descent [more.descent ...] [--repeat N]`. Output of the programs goes
/// to stdout; timings (best of N) go to stderr as `name: seconds`.
var files: [String] = []
var repeats = 1
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    if a == "--repeat", let n = arguments.popFirst().flatMap(Int.init) { repeats = n } else { files.append(a) }
}
var failed = false
for path in files {
    guard let code = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(2)
    }
    var best = Double.infinity
    for _ in 0..<repeats {
        let session = Session()
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
        if case .error = status { failed = true }
    }
    FileHandle.standardError.write("\((path as NSString).lastPathComponent): \(String(format: "%.4f", best))\n".data(using: .utf8)!)
}
exit(failed ? 1 : 0)
