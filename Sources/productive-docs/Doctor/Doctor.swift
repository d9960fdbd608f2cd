import DocsSync
import Foundation
import ProductiveAPI

/// The checks of `productive-docs doctor`, in order: environment, base URL, token, organization,
/// project or root page, rate headroom, upload URL, manifest, configuration, the files. Reads only:
/// never a write, unless asked for the order probe (`--probe-order`, on a scratch page).
struct Doctor {
    /// The environment to read the `PRODUCTIVE_*` variables from.
    var environment: [String: String]
    /// The folder, manifest, config and target, resolved as `publish` resolves them.
    var options: PublishOptions
    /// For connecting and for each answer.
    var timeout: Duration
    /// `--probe-order`: also run `orderProbeCheck` (writes a scratch page, then deletes it).
    var probeOrder = false

    /// Runs every check; a check whose prerequisite failed is skipped.
    func run() async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let configuration = environmentCheck(into: &checks)
        let config = Result { try options.resolvedConfig(environment: environment) }
        if let configuration {
            checks += await remoteChecks(configuration, target: try? config.get())
            if probeOrder {
                let target = checks.first { $0.name == "target" }
                checks.append(target?.status == .ok ? await orderProbeCheck(configuration, target: try? config.get()) : .skip("order probe", "needs the target"))
            }
        } else {
            for name in ["base URL", "token", "organization", "target", "rate headroom", "upload URL"] {
                checks.append(.skip(name, "needs the environment variables above"))
            }
        }
        checks.append(manifestCheck())
        checks.append(configCheck(config))
        checks.append(filesCheck(try? config.get()))
        return checks
    }

    // MARK: Environment

    /// Checks the `PRODUCTIVE_*` variables; returns the client configuration when they are usable.
    private func environmentCheck(into checks: inout [DoctorCheck]) -> ProductiveConfiguration? {
        let token = environment["PRODUCTIVE_API_TOKEN"] ?? ""
        let organization = environment["PRODUCTIVE_ORGANIZATION_ID"] ?? ""
        let base = environment["PRODUCTIVE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var missing: [String] = []
        if token.isEmpty { missing.append("PRODUCTIVE_API_TOKEN") }
        if organization.isEmpty { missing.append("PRODUCTIVE_ORGANIZATION_ID") }
        guard missing.isEmpty else {
            checks.append(.fail(
                "environment", "\(missing.joined(separator: " and ")) not set",
                hint: "export PRODUCTIVE_API_TOKEN (Productive: Settings → API integrations) and PRODUCTIVE_ORGANIZATION_ID (the number in app.productive.io/<id>-...); or run `productive-docs sandbox` and paste its export lines"
            ))
            return nil
        }
        guard organization.allSatisfy(\.isASCII), organization.allSatisfy(\.isNumber) else {
            checks.append(.fail("environment", "PRODUCTIVE_ORGANIZATION_ID is `\(organization)`, not a number", hint: "use the number in your Productive URLs: app.productive.io/<id>-..."))
            return nil
        }
        let upload = environment["PRODUCTIVE_UPLOAD_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = ProductiveConfiguration(
            token: token, organizationID: organization, baseURL: base ?? ProductiveConfiguration.defaultBaseURL,
            uploadURL: upload ?? ProductiveConfiguration.defaultUploadURL
        )
        let baseNote = base == nil ? "unset, so \(ProductiveConfiguration.defaultBaseURL)" : configuration.baseURL
        // Printed only when it is safe to: a value holding the token is never shown.
        let uploadNote = upload == nil ? "unset, so \(ProductiveConfiguration.defaultUploadURL)" : configuration.holdsToken(configuration.uploadURL) ? "set (not shown: it holds the token)" : configuration.uploadURL
        checks.append(.ok("environment", "PRODUCTIVE_API_TOKEN set, PRODUCTIVE_ORGANIZATION_ID=\(organization), PRODUCTIVE_BASE_URL \(baseNote), PRODUCTIVE_UPLOAD_URL \(uploadNote)"))
        return configuration
    }

    // MARK: Local files

    private func manifestCheck() -> DoctorCheck {
        let path = options.manifestPath
        guard FileManager.default.fileExists(atPath: path) else {
            return .ok("manifest", "\(path) not there yet: the first publish writes it")
        }
        do {
            let manifest = try Manifest.load(path)
            let target = manifest.projectID.map { "project \($0)" } ?? manifest.rootPageID.map { "root page \($0)" } ?? "no target yet"
            return .ok("manifest", "\(path) loads: \(manifest.pages.count) pages, \(target)")
        } catch {
            // The message already says to restore it from git: the hint gives the command.
            return .fail("manifest", "\(error)", hint: "`git checkout -- \(path)`, or move it away to start over")
        }
    }

    private func configCheck(_ config: Result<DocsConfig, any Error>) -> DoctorCheck {
        let file = options.target.config ?? options.directoryURL.appendingPathComponent(DocsConfig.fileName).path
        let exists = FileManager.default.fileExists(atPath: file)
        switch config {
        case .success:
            return .ok("config", exists ? "\(file) loads" : "no \(DocsConfig.fileName): defaults, flags and environment (`productive-docs init` writes one)")
        case .failure(let error):
            return .fail("config", "\(error)", hint: "fix the file (docs/configuration.md lists every setting), or run `productive-docs init --force`")
        }
    }
}
