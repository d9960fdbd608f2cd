import DocsSync
import Foundation
import ProductiveAPI

extension Doctor {
    /// Base URL, token, organization, target, rate headroom and the upload URL: two GET requests at
    /// most, and one HEAD to the file store.
    func remoteChecks(_ configuration: ProductiveConfiguration, target: DocsConfig?) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let base = configuration.baseURL
        do {
            try configuration.validate()
        } catch {
            checks.append(.fail("base URL", "\(error)", hint: "set PRODUCTIVE_BASE_URL to https://… (\(ProductiveConfiguration.defaultBaseURL)), or unset it"))
            return checks + skipped(["token", "organization", "target", "rate headroom", "upload URL"], because: "the base URL is refused")
        }
        let probe = ConnectionProbe(configuration: configuration, timeout: timeout)
        var answers: [ConnectionProbe.Answer] = []

        // One list request with the smallest answer proves the URL, the token and the organization.
        let first: ConnectionProbe.Answer
        do {
            first = try await probe.get("/pages", query: [("page[size]", "1"), ("fields[pages]", "title")])
            answers.append(first)
        } catch {
            checks.append(.fail("base URL", "\(base) unreachable: \(Self.reason(error))", hint: "check PRODUCTIVE_BASE_URL, the network and any proxy (is the sandbox running?)"))
            await probe.shutdown()
            return checks + skipped(["token", "organization", "target", "rate headroom", "upload URL"], because: "the base URL is unreachable")
        }
        let transport = URL(string: base)?.scheme == "http" ? "plain HTTP, loopback only" : "HTTPS"
        let reached = "\(base) answered in \(Self.milliseconds(first.elapsed)) ms (\(transport))"
        switch first.status {
        case 200..<300:
            checks.append(.ok("base URL", reached))
            checks.append(.ok("token", "accepted"))
            checks.append(.ok("organization", "\(configuration.organizationID): the token can read its pages"))
        case 401:
            checks.append(.ok("base URL", reached))
            checks.append(.fail("token", "refused (\(first.errorSummary))", hint: "PRODUCTIVE_API_TOKEN is wrong, expired or revoked: create one under Settings → API integrations"))
            checks += skipped(["organization", "target"], because: "the token is refused")
        case 403:
            checks.append(.ok("base URL", reached))
            checks.append(.ok("token", "known to Productive"))
            checks.append(.fail("organization", "\(configuration.organizationID) refused (\(first.errorSummary))", hint: "PRODUCTIVE_ORGANIZATION_ID must be the organization the token belongs to: the number in app.productive.io/<id>-..."))
            checks += skipped(["target"], because: "the organization is refused")
        case 429:
            checks.append(.ok("base URL", reached))
            checks += skipped(["token", "organization", "target"], because: "rate limited (see below)")
        default:
            let hint = first.status >= 500
                ? "Productive is failing at the moment: try again later"
                : "is PRODUCTIVE_BASE_URL the API root, ending in /api/v2? (\(ProductiveConfiguration.defaultBaseURL))"
            checks.append(.fail("base URL", "\(base)/pages answered \(first.errorSummary)", hint: hint))
            checks += skipped(["token", "organization", "target"], because: "the base URL does not answer as the pages API")
        }
        if (200..<300).contains(first.status) {
            let (check, answer) = await targetCheck(probe, target: target, organization: configuration.organizationID)
            checks.append(check)
            if let answer { answers.append(answer) }
        }
        checks.append(Self.rateCheck(answers))
        checks.append(await Self.uploadCheck(probe, configuration: configuration))
        await probe.shutdown()
        return checks
    }

    /// The project (`GET /projects/{id}`) or the root page (`GET /pages/{id}`) exists and is readable.
    private func targetCheck(_ probe: ConnectionProbe, target: DocsConfig?, organization: String) async -> (DoctorCheck, ConnectionProbe.Answer?) {
        guard let target else {
            return (.skip("target", "the configuration does not load (see below)"), nil)
        }
        let (kind, id, path): (String, String, String)
        switch publishTarget(target) {
        case .rootPage(let root): (kind, id, path) = ("root page", root, "/pages/\(root)")
        case .project(let project): (kind, id, path) = ("project", project, "/projects/\(project)")
        case nil:
            return (.fail("target", "no project or root page set", hint: "publish needs one: --project ID, --root-page ID, PRODUCTIVE_PROJECT_ID, or `project:` in productive-docs.yml"), nil)
        }
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return (.fail("target", "\(kind) `\(id)` is not a number", hint: "use the id from the Productive URL of the \(kind)"), nil)
        }
        let answer: ConnectionProbe.Answer
        do {
            answer = try await probe.get(path)
        } catch {
            return (.fail("target", "reading \(kind) \(id): \(Self.reason(error))", hint: "try again; check the network"), nil)
        }
        switch answer.status {
        case 200..<300:
            let name = answer.attributes["title"] ?? answer.attributes["name"]
            let what = "\(kind) \(id)" + (name.map { " \"\($0)\"" } ?? "")
            return (.ok("target", "\(what) exists and is readable (a read cannot prove edit rights; publish needs them)"), answer)
        case 404:
            return (.fail("target", "\(kind) \(id) not found in organization \(organization)", hint: "check the id in its Productive URL; a deleted page or archived project cannot be published to"), answer)
        case 403:
            return (.fail("target", "\(kind) \(id): not allowed (\(answer.errorSummary))", hint: "ask for access to the project in Productive"), answer)
        case 429:
            return (.skip("target", "rate limited (see below)"), answer)
        default:
            return (.fail("target", "reading \(kind) \(id) answered \(answer.errorSummary)", hint: "try again later"), answer)
        }
    }

    /// Where publish goes, checked by `target` and used by the probes.
    enum PublishTarget: Equatable {
        case rootPage(String)
        case project(String)

        /// The place for a scratch page: under the root page, or a doc in the project.
        var location: ProductiveClient.Location {
            switch self {
            case .rootPage(let root): .under(parent: root, root: root)
            case .project(let project): .project(project)
            }
        }
    }

    /// The target as publish resolves it: the flags, environment or config (`config`), else the
    /// manifest's; nil when none says one.
    func publishTarget(_ config: DocsConfig) -> PublishTarget? {
        let recorded = (try? Manifest.load(options.manifestPath)).flatMap { $0.projectID != nil || $0.rootPageID != nil ? $0 : nil }
        if let root = config.rootPageID ?? (config.projectID == nil ? recorded?.rootPageID : nil) { return .rootPage(root) }
        return (config.projectID ?? recorded?.projectID).map(PublishTarget.project)
    }

    /// Why a probe got no answer, in a few words (the probe's `cause`, not the client's advice).
    static func reason(_ error: any Error) -> String {
        (error as? ProductiveAPIError)?.cause ?? "\(error)"
    }

    /// What the `X-RateLimit-*` headers say is left; unknown when the API sends none.
    static func rateCheck(_ answers: [ConnectionProbe.Answer]) -> DoctorCheck {
        if let limited = answers.last(where: { $0.status == 429 }) {
            let reset = limited.rateHeaders["x-ratelimit-reset"] ?? limited.rateHeaders["retry-after"]
            return .fail("rate headroom", "none: rate limited now" + (reset.map { ", the window resets in \($0) s" } ?? ""), hint: "wait for the reset; another job may be using the same token")
        }
        guard let headers = answers.last(where: { !$0.rateHeaders.isEmpty })?.rateHeaders else {
            let short = RateLimit.productiveShortWindow, sustained = RateLimit.productiveSustained
            return .info("rate headroom", "unknown: no X-RateLimit headers in the answers (Productive documents them with a 429 only); the budget is \(short.count) requests per \(short.window.components.seconds) s per token, \(sustained.count) per \(sustained.window.components.seconds / 60) min per organization")
        }
        let remaining = headers["x-ratelimit-remaining"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let limit = headers["x-ratelimit-limit"]
        guard let remaining else {
            return .info("rate headroom", "unknown: " + headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
        if remaining == 0 {
            return .fail("rate headroom", "0 requests left" + (limit.map { " of \($0)" } ?? ""), hint: "wait for the window to reset before publishing")
        }
        return .ok("rate headroom", "\(remaining) requests left" + (limit.map { " of \($0)" } ?? "") + " in the current window")
    }

    private func skipped(_ names: [String], because reason: String) -> [DoctorCheck] {
        names.map { .skip($0, reason) }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
