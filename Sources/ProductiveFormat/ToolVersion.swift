/// The version of productive-docs: the one source of truth. `--version`, SARIF and other reports
/// read it, `scripts/version.sh` reads it (so `make dist` names the tarball after it), and a release
/// is tagged `v` + this string. Bump it here, nowhere else.
public enum ToolVersion {
    /// The released version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}
