import Foundation

/// The findings only publishing makes, because they depend on the whole folder (`plan` and `publish`
/// scan it, and `lint` does for files of a docs folder; the converter's rules are in
/// `RuleCatalog.all`). They have no Markdown examples: each is tested in DocsSyncTests.
public enum SyncRules {
    public static let symlinkOutside = Rule(
        id: "PD901", name: "symlink-outside-folder", severity: .error,
        summary: "A Markdown file that is a symbolic link to something outside the docs folder.",
        fallback: "The file is never read or published.",
        rationale: "A committed link to /proc/self/environ or ~/.ssh would publish secrets of the machine that runs publish.",
        triggering: [], nonTriggering: []
    )

    public static let emptyFile = Rule(
        id: "PD902", name: "empty-file", severity: .warning,
        summary: "An empty (or whitespace-only) Markdown file.",
        fallback: "No page is created for it.",
        rationale: "An empty page in Productive is noise, and usually a mistake in the folder.",
        triggering: [], nonTriggering: []
    )

    public static let binaryFile = Rule(
        id: "PD903", name: "binary-file", severity: .error,
        summary: "A file matched by `include` that is not text.",
        fallback: "No page is created for it, even with --allow-errors.",
        rationale: "A binary file would become an empty or garbled page.",
        triggering: [], nonTriggering: []
    )

    public static let invalidPageID = Rule(
        id: "PD904", name: "invalid-page-id", severity: .error,
        summary: "Front matter `page_id` that is not a page id (digits only), or that another file names too.",
        fallback: "The file is not published until it is fixed.",
        rationale: "A page id is pasted into request paths and decides which page is overwritten.",
        triggering: [], nonTriggering: []
    )

    public static let droppedAnchor = Rule(
        id: "PD905", name: "dropped-anchor", severity: .warning,
        summary: "A link to a heading of another file (`guide.md#setup`) whose anchor cannot be kept: without `page_url_template` the link is a page mention, which has no anchor; or the file has no heading (and no HTML `id` or `name`) with that anchor.",
        fallback: "The link goes to the page, without the anchor.",
        rationale: "The reader lands at the top of the page instead of the section the link names; a misspelt anchor is a broken link on GitHub too.",
        triggering: [], nonTriggering: []
    )

    public static let notRegularFile = Rule(
        id: "PD910", name: "not-a-regular-file", severity: .error,
        summary: "A name matched by `include` that is not a regular file (a named pipe, a device, a socket), or a file too large to be a page.",
        fallback: "It is never opened or published.",
        rationale: "Reading a named pipe waits for a writer forever: lint, plan and publish would hang. A page of tens of megabytes costs gigabytes to convert and no reader can use it.",
        triggering: [], nonTriggering: []
    )

    public static let unsafeFileName = Rule(
        id: "PD911", name: "unsafe-file-name", severity: .error,
        summary: "A file name with a control character (tab, newline, ESC) or a backslash, or two names that are the same after Unicode normalisation (`café.md` written as NFC and as NFD).",
        fallback: "The file is not published (neither of two twins is) until it is renamed.",
        rationale: "Such a name cannot be a manifest key: a page published under it would make every later run refuse the manifest. Twins look like one name on every screen and in the manifest, so one of them would silently never be published.",
        triggering: [], nonTriggering: []
    )

    public static let unresolvedMention = Rule(
        id: "PD912", name: "unresolved-mention", severity: .warning,
        summary: "With `mentions: true`, a link written as a mention (`[@Ana Lopez](mailto:ana@example.com)`) whose address is not exactly one active user of the organization: no user has it, several do, or its user is deactivated or a contact.",
        fallback: "The link stays a mailto link; nobody is mentioned or notified.",
        rationale: "A mention notifies a person: the tool mentions only the one active user with exactly that address, never a near match (Productive's e-mail filter is a text search).",
        triggering: [], nonTriggering: []
    )
}

extension SyncRules {
    /// The publishing rules, in id order: listed in the rules reference after the converter's.
    public static let all: [Rule] = [symlinkOutside, emptyFile, binaryFile, invalidPageID, droppedAnchor, notRegularFile, unsafeFileName, unresolvedMention]
}
