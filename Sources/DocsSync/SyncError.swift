import Foundation

/// Every failure of the sync layer that is not the API's (those are `ProductiveAPIError`): a
/// setting, flag, manifest or folder that is wrong, or a tree that already exists where this run
/// would create one. Nothing was written; the command line exits with 2.
public struct SyncError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is: decide on this, never on the text.
    public enum Kind: Sendable, Equatable {
        /// A setting, flag, manifest, front matter or folder is wrong; the message names the file
        /// (and line, where there is one) or the setting.
        case configuration
        /// Pages this run would create beside pages of the same title the manifest does not own (see
        /// `clashes`): the sign of a lost or stale manifest (a reset, a manifest not committed back, a
        /// second clone). Publishing would make a second tree.
        case existingTree
    }

    /// One page that would be created twice.
    public struct Clash: Sendable, Equatable {
        /// The manifest key of the file (`.`, `guide.md`).
        public var key: String
        public var title: String
        /// The existing page of that title.
        public var existingID: String
        /// Where: `project 5`, `under page 12`.
        public var place: String

        public init(key: String, title: String, existingID: String, place: String) {
            self.key = key
            self.title = title
            self.existingID = existingID
            self.place = place
        }
    }

    public var kind: Kind
    /// For `.existingTree`: the pages that would be created twice.
    public var clashes: [Clash]
    private var message: String

    /// A configuration problem, said in `description` (naming the file or setting).
    public init(_ description: String) {
        kind = .configuration
        message = description
        clashes = []
    }

    /// A tree that already exists where this run would create one.
    public init(clashes: [Clash]) {
        kind = .existingTree
        self.clashes = clashes
        guard let first = clashes.first else {
            message = "no page would be created twice"
            return
        }
        let more = clashes.count > 1 ? " (and \(clashes.count - 1) more)" : ""
        message = "`\(Printable.escaped(first.key))` would be created as \"\(Printable.escaped(first.title))\" \(first.place), where page \(first.existingID) of that title already is and the manifest does not own it\(more): a lost or stale manifest? Nothing was written"
    }

    public var description: String { message }
}

/// The names this layer's error had before it was one type: a configuration `SyncError`.
public typealias ConfigError = SyncError
/// A `SyncError` of kind `.existingTree`.
public typealias ExistingTreeError = SyncError
