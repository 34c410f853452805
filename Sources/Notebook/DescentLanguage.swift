import JSON

/// What Descent says about itself to Jupyter, in one place: the kernel's `kernel_info_reply`
/// and the metadata `descent run` writes into a notebook both come from here, so that
/// JupyterLab, which copies the kernel's `language_info` into a notebook it opens, finds it
/// already there and does not mark the notebook modified.
public enum DescentLanguage {
    public static let version = "0.1.0"
    /// The language's name, and the kernelspec's name and display name `descent install` uses.
    public static let name = "descent"
    public static let kernelName = "descent"
    public static let displayName = "Descent"

    /// Jupyter's `language_info`.
    public static let languageInfo: [String: JSON] = [
        "name": .string(name), "version": .string(version), "mimetype": "text/x-descent",
        "file_extension": ".descent", "pygments_lexer": "python", "codemirror_mode": "python",
        "nbconvert_exporter": "script",
    ]

    /// The kernelspec a notebook names, as `descent install` registers it.
    public static let kernelspec: [String: JSON] = [
        "name": .string(kernelName), "display_name": .string(displayName), "language": .string(name),
    ]
}
