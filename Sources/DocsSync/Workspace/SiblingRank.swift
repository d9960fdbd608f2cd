import SourceReading

/// Where a page comes among its siblings. Precedence: the config's `nav:` list (its place in the
/// list), then front matter `order: N`, then a numeric name prefix (`02-setup.md`), then the name
/// without its prefix. Each step orders only the pages it names, before those it does not: a page
/// in `nav:` comes before one that is not, a page with `order:` before one without.
///
/// The name, not the title, is the last step: a title edited in the file (or its first heading)
/// would otherwise reorder the pages around it, and each reorder costs requests (`MoveToEnd`).
struct SiblingRank: Comparable, Sendable {
    var nav: Int?
    var order: Double?
    var prefix: Int?
    /// The file or folder name without its numeric prefix, then the whole name (a tie-break).
    var name: Substring
    var fullName: String

    init(name: String, nav: Int?, order: Double?) {
        let prefix = NumericPrefix(Substring(name))
        self.nav = nav
        self.order = order
        self.prefix = prefix?.number
        self.name = prefix?.rest ?? Substring(name)
        fullName = name
    }

    private var sortKey: (Int, Double, Int, Substring, String) {
        (nav ?? .max, order ?? .infinity, prefix ?? .max, name, fullName)
    }

    static func < (lhs: SiblingRank, rhs: SiblingRank) -> Bool {
        lhs.sortKey < rhs.sortKey
    }

    static func == (lhs: SiblingRank, rhs: SiblingRank) -> Bool {
        lhs.fullName == rhs.fullName && lhs.nav == rhs.nav && lhs.order == rhs.order
    }
}

/// The `nav:` list of the config, checked against the files of the folder.
struct NavOrder: Sendable {
    /// The place in the list of each path (a file, or a folder without its trailing `/`).
    private let places: [String: Int]

    /// `nav` read against the published files and folders; an entry that names none of them is a
    /// configuration error (nothing is written).
    init(_ nav: [String], files: some Collection<String>, folders: Set<String>) throws {
        let published = Set(files)
        var places: [String: Int] = [:]
        for (index, entry) in nav.enumerated() {
            guard published.contains(entry) || folders.contains(entry + "/") else {
                throw SyncError("\(DocsConfig.fileName): `nav` entry `\(entry)` names no published file or folder of the docs folder")
            }
            places[entry] = index
        }
        self.places = places
    }

    /// The place of a file (`guide.md`) or of a folder (`ops/`, or its index file).
    func place(of key: String, indexFile: String?) -> Int? {
        if key.hasSuffix("/") { return places[String(key.dropLast())] ?? indexFile.flatMap { places[$0] } }
        return places[key]
    }
}
