/// The version of productive-docs: the one source of truth.
///
/// `productive-docs --version` prints it, `scripts/version.sh` reads it (so `make dist` names the
/// tarball after it), and a release is tagged `v` + this string. Bump it here, nowhere else.
enum ProductiveDocsVersion {
    /// Semantic version, `MAJOR.MINOR.PATCH`.
    static let current = "0.1.0"
}
