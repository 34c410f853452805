/// How long work (training) shows its progress, which depends on the front end
/// (LANGUAGE.md section 4).
public enum ProgressStyle: Sendable, Equatable {
    /// One display updated in place: a bar, the current loss and a small loss curve.
    case notebook
    /// A one-line bar on standard error, redrawn with a carriage return (the REPL on a TTY).
    case terminal
    /// Nothing (`descent run`, and a search's trials): the run is seen where its value is shown.
    case batch
}

extension Session {
    /// How `fit` and `compare` show progress; the notebook runner sets `.batch`, the REPL
    /// `.terminal` on a TTY.
    public var progress: ProgressStyle {
        get { interpreter.progress }
        set { interpreter.progress = newValue }
    }

    /// Seconds of training before progress shows: shorter runs show only their result
    /// (tests set 0).
    public var progressDelay: Double {
        get { interpreter.progressDelay }
        set { interpreter.progressDelay = newValue }
    }
}
