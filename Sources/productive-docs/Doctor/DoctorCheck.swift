/// The outcome of one `doctor` check: one line of output.
struct DoctorCheck: Equatable, Sendable {
    enum Status: String, Sendable {
        /// Passed.
        case ok
        /// Failed: the line carries a hint, and doctor exits 2.
        case fail
        /// Not run, because an earlier check failed.
        case skip
        /// Worth knowing, not a failure (e.g. no rate headers, no target configured).
        case info
    }

    var status: Status
    /// Short name, e.g. `token`.
    var name: String
    /// What was found.
    var detail: String
    /// What to do about it (failures only).
    var hint: String?

    static func ok(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(status: .ok, name: name, detail: detail)
    }

    static func fail(_ name: String, _ detail: String, hint: String) -> DoctorCheck {
        DoctorCheck(status: .fail, name: name, detail: detail, hint: hint)
    }

    static func skip(_ name: String, _ reason: String) -> DoctorCheck {
        DoctorCheck(status: .skip, name: name, detail: reason)
    }

    static func info(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(status: .info, name: name, detail: detail)
    }

    /// `ok    token         accepted`, or `FAIL  token  refused (HTTP 401). hint: ...`: one line.
    func line(color: Bool) -> String {
        let label = status == .fail ? "FAIL" : status.rawValue
        var padded = label.padding(toLength: 6, withPad: " ", startingAt: 0)
        if color {
            let code = switch status {
            case .ok: "32"
            case .fail: "31"
            case .skip, .info: "2"
            }
            padded = "\u{1B}[\(code)m\(label)\u{1B}[0m" + String(repeating: " ", count: 6 - label.count)
        }
        var text = padded + name.padding(toLength: 14, withPad: " ", startingAt: 0) + detail
        if let hint { text += " (hint: \(hint))" }
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}
