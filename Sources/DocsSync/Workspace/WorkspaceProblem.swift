import ProductiveFormat

/// A file of the folder that can never become a page: a symlink that leaves the folder, a
/// binary file, an empty file. Reported as a finding; the file is skipped.
public struct WorkspaceProblem: Sendable, Equatable {
    /// The file, relative to the folder.
    public var path: String
    public var finding: Finding
}
