import DocsSync
import Foundation
import ProductiveAPI

extension Doctor {
    /// `--probe-sharing`: whether subpages inherit a doc's memberships, tried on a scratch doc in the
    /// target the `target` check read (`publishTarget`; see `SharingProbe`).
    func sharingProbe() async -> DoctorCheck {
        let name = "sharing"
        guard let config = try? options.resolvedConfig(environment: environment) else { return .skip(name, "the configuration does not load") }
        guard let location = publishTarget(config)?.location else {
            return .skip(name, "needs a project or root page (see target)")
        }
        let configuration: ProductiveConfiguration
        do {
            configuration = try ProductiveConfiguration.fromEnvironment(environment)
        } catch {
            return .skip(name, "needs the environment variables above")
        }
        let client = ProductiveClient(configuration: configuration)
        let check: DoctorCheck
        do {
            let found = try await SharingProbe.run(client, at: location)
            check = found.inheritance == SharingInheritance.assumed ? .ok(name, found.detail) : .fail(name, found.detail, hint: "give each folder its own grants in `sharing.folders`")
        } catch {
            check = .fail(name, "the probe failed: \(error)", hint: "the token needs edit rights on the target to make and delete the scratch doc")
        }
        try? await client.shutdown()
        return check
    }
}
