import ArgumentParser
import Engine

/// `descent demo`: the main job until the notebooks exist.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Train the lecture's examples and print what happened.")

    func run() throws {
        print("Descent \(Descent.version)")
    }
}
