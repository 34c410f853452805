/// The candidate closest to a misspelled name, for "Did you mean 'lr'?" hints, or nil when
/// nothing is close enough (edit distance at most a third of the name, at least 1).
func closestName(_ name: String, _ candidates: [String]) -> String? {
    let a = Array(name.lowercased())
    var best: (String, Int)?
    for candidate in candidates where candidate != name {
        let b = Array(candidate.lowercased())
        if abs(a.count - b.count) > 3 { continue }
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        let d = a.isEmpty ? b.count : row[b.count]
        if d <= max(1, a.count / 3), d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
}
