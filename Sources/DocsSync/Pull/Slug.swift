/// File and folder names for pulled pages: lowercase ASCII letters and digits joined by `-`,
/// never a name the workspace reads as a folder's index (`index`, `readme`), never hidden, unique
/// among siblings whatever the file system's case rules.
enum Slug {
    /// The slug of a title (`Getting Started!` → `getting-started`); `page` when nothing is left.
    static func of(_ title: String) -> String {
        var out = ""
        var dash = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
            if out.count >= 60 { break }
        }
        if out.isEmpty { return "page" }
        let indexStems = Workspace.indexNames.map { $0.lowercased().split(separator: ".").first.map(String.init) ?? "" }
        return indexStems.contains(out) ? out + "-page" : out
    }

    /// `base`, or `base-2`, `base-3`... : the first not in `taken` (compared lowercased).
    static func unique(_ base: String, taken: inout Set<String>) -> String {
        var candidate = base
        var number = 2
        while taken.contains(candidate.lowercased()) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
