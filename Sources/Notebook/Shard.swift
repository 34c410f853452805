/// `--shard k/n`: one of n CI jobs runs every n-th notebook of the sorted list, starting at
/// the k-th, so that n jobs together run each notebook exactly once whatever order the shell
/// gave the paths in.
public struct Shard: Equatable, Sendable {
    /// 1...count.
    public let index: Int
    public let count: Int

    /// Parses `k/n` with 1 <= k <= n.
    public init(argument: String) throws {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw NotebookError("--shard '\(argument)' is not of the form k/n, such as 1/4")
        }
        guard n >= 1 else { throw NotebookError("--shard '\(argument)': the number of shards must be at least 1") }
        guard (1...n).contains(k) else {
            throw NotebookError("--shard '\(argument)': the shard must be between 1 and \(n)")
        }
        index = k
        count = n
    }

    /// This shard's paths: the k-th, (k+n)-th, ... of `paths` sorted.
    public func pick(_ paths: [String]) -> [String] {
        paths.sorted().enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
