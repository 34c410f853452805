import ArgumentParser
import Foundation
import LanguageLibrary

/// `descent trial-worker`: what the Ray bridge (python/descent-ray) starts on a cluster node to
/// run a search's trials; not for people (see `ClusterWorker`).
struct TrialWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial-worker", abstract: "Serve a search's trials on a Ray node (started by descent_ray).",
        shouldDisplay: false)

    func run() throws {
        // The protocol keeps the real stdout; anything else printed goes to stderr.
        let output = dup(1)
        dup2(2, 1)
        ClusterWorker.serve(input: 0, output: output)
    }
}
