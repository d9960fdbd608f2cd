import Foundation
import Synchronization

/// A scripted fault: what goes wrong, on which requests, how many times. Unlike the random
/// `errorRate`/`dropRate`, a test (or a person trying the tool) knows exactly which request fails.
public struct SandboxFault: Sendable, Equatable {
    /// Which API requests a fault applies to.
    public enum Target: String, Sendable, CaseIterable {
        /// `create_with_markdown`.
        case create
        /// `append_markdown` and `append_html`.
        case append
        /// `replace_body_with_markdown` and `replace_body_with_html`.
        case replace
        /// Every state-changing request.
        case write
        /// `POST /page_versions` (a restore point).
        case snapshot
        /// `POST /attachments` (step 1 of an upload).
        case attach
        /// `PATCH /attachments/{id}` with `temp_url` (step 3).
        case tempURL = "temp-url"
        /// The file store's upload (step 2); no other target reaches it.
        case upload
        /// `GET /pages`, `GET /pages/{id}`, `GET /page_versions` and `GET /attachments`.
        case read
        /// Every API request.
        case any
    }

    /// What a colleague does to the page between the change and the lost answer.
    public enum ColleagueEdit: Sendable, Equatable {
        /// Adds a paragraph with this text at the end.
        case append(String)
        /// Replaces the whole body with a paragraph of this text.
        case replace(String)
    }

    public enum Action: Sendable, Equatable {
        /// A 503 and nothing done (the client cannot tell it from a 503 after the change).
        case unavailable
        /// The change is applied, then the answer is a 504 (a gateway gave up waiting).
        case gatewayTimeoutAfterCommit
        /// The change is applied, then the answer is a 500 (the server failed after the work).
        case serverErrorAfterCommit
        /// The change is applied, a colleague optionally edits the page, then the connection is reset.
        case resetAfterCommit(colleague: ColleagueEdit?)
        /// Nothing is done and no answer ever comes (the connection stays open).
        case hang
        /// The answer is sent one byte at a time, `interval` apart.
        case trickle(interval: Duration)
        /// A 307 to the same path under `base` (e.g. another host), nothing done.
        case redirect(base: String)
        /// A body write (or create) answered 200 (201) with the version moved, but the body left as
        /// it was (a create makes an empty page): the silent no-op Productive warns about when
        /// someone has the page open.
        case noopWrite
        /// A body write (or create) done and answered as usual, but with `body` null in the answer:
        /// the client cannot check what landed.
        case bodylessAnswer
        /// A body write (or create) stored with this appended to every link target, on every write:
        /// a normalisation that loses no word, and that the server insists on.
        case linkSuffix(String)
        /// A body write (or create) stored without the last word of its last paragraph: a real loss.
        case dropLastWord
    }

    public var target: Target
    public var action: Action
    /// How many matching requests it hits (nil: all of them).
    public var times: Int?
    /// How many matching requests pass untouched before it starts.
    public var skip: Int

    public init(_ action: Action, on target: Target, times: Int? = 1, skip: Int = 0) {
        self.action = action
        self.target = target
        self.times = times
        self.skip = max(0, skip)
    }

    /// Parses `NAME[:TARGET][*COUNT]` as the `sandbox --fault` option takes it: names `503`, `500-after-commit`, `504-after-commit`,
    /// `reset-after-commit`, `reset-after-commit-edited`, `hang`, `trickle`, `noop-write`, `bodyless-answer`, `drop-last-word`,
    /// `link-suffix=TEXT`, `redirect=URL`. Without `*COUNT` the fault hits every matching request
    /// (`times` nil), as `sandbox --help` says; `*1` hits the first only.
    public static func parse(_ text: String) -> SandboxFault? {
        var rest = Substring(text)
        var times: Int? = nil
        if let star = rest.lastIndex(of: "*") {
            guard let count = Int(rest[rest.index(after: star)...]), count > 0 else { return nil }
            times = count
            rest = rest[..<star]
        }
        var target = Target.any
        var name = rest
        if rest.hasPrefix("redirect=") {
            return SandboxFault(.redirect(base: String(rest.dropFirst("redirect=".count))), on: .any, times: times)
        }
        if let colon = rest.lastIndex(of: ":") {
            guard let parsed = Target(rawValue: String(rest[rest.index(after: colon)...])) else { return nil }
            target = parsed
            name = rest[..<colon]
        }
        let action: Action
        switch name {
        case "503": action = .unavailable
        case "504-after-commit": action = .gatewayTimeoutAfterCommit
        case "500-after-commit": action = .serverErrorAfterCommit
        case "reset-after-commit": action = .resetAfterCommit(colleague: nil)
        case "reset-after-commit-edited": action = .resetAfterCommit(colleague: .replace("A colleague rewrote this page."))
        case "hang": action = .hang
        case "trickle": action = .trickle(interval: .milliseconds(200))
        case "noop-write": action = .noopWrite
        case "bodyless-answer": action = .bodylessAnswer
        case "drop-last-word": action = .dropLastWord
        case let name where name.hasPrefix("link-suffix="): action = .linkSuffix(String(name.dropFirst("link-suffix=".count)))
        default: return nil
        }
        return SandboxFault(action, on: target, times: times)
    }

    func matches(_ route: SandboxAPI.Route) -> Bool {
        if route == .upload { return target == .upload }
        switch (target, route) {
        case (.any, _): return true
        case (.create, .create), (.snapshot, .createVersion), (.attach, .createAttachment), (.tempURL, .finishAttachment): return true
        case (.append, .bodyWrite(append: true, _)): return true
        case (.replace, .bodyWrite(append: false, _)): return true
        case (.write, _): return !route.isRead
        case (.read, _): return route.isRead
        default: return false
        }
    }
}

/// The faults still to fire, shared by every request. Every fault counts every request it matches;
/// the first one due fires.
final class FaultInjector: Sendable {
    private struct Tally {
        var seen = 0
        var fired = 0
    }

    private let faults: [SandboxFault]
    private let tallies: Mutex<[Tally]>

    init(_ faults: [SandboxFault]) {
        self.faults = faults
        tallies = Mutex(Array(repeating: Tally(), count: faults.count))
    }

    /// The action for this request, if a fault hits it.
    func take(for route: SandboxAPI.Route) -> SandboxFault.Action? {
        tallies.withLock { tallies in
            var action: SandboxFault.Action?
            for (index, fault) in faults.enumerated() where fault.matches(route) {
                tallies[index].seen += 1
                guard action == nil, tallies[index].seen > fault.skip, fault.times.map({ tallies[index].fired < $0 }) ?? true else { continue }
                tallies[index].fired += 1
                action = fault.action
            }
            return action
        }
    }
}
