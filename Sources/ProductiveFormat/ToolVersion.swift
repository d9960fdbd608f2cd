/// The version of productive-docs: the one place `--version`, SARIF and other reports read it from.
public enum ToolVersion {
    /// The released version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}
