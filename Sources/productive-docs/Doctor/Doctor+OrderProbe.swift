import DocsSync
import Foundation
import ProductiveAPI

extension Doctor {
    /// `--probe-order`: what Productive does with a move under a page's own parent and with
    /// `position` on create, asked on a scratch page under the target the `target` check read
    /// (`publishTarget`: the manifest's when no flag or config names one), deleted after. The only
    /// check that writes; publish's reorder relies on the first answer (`MoveToEnd`).
    func orderProbeCheck(_ configuration: ProductiveConfiguration, target: DocsConfig?) async -> DoctorCheck {
        let name = "order probe"
        guard let location = target.flatMap(publishTarget)?.location else {
            return .skip(name, "needs a project or root page (see target)")
        }
        let client = options.connection.makeClient(configuration)
        let probed: Result<MoveToEnd.ProbeResult, any Error>
        do {
            probed = .success(try await MoveToEnd.probe(client: client, at: rootLocation(location, client: client)))
        } catch {
            probed = .failure(error)
        }
        try? await client.shutdown()
        let result: MoveToEnd.ProbeResult
        switch probed {
        case .success(let answer): result = answer
        case .failure(let error): return .fail(name, "the scratch page could not be made or moved: \(error)", hint: "the probe needs edit rights on the target")
        }
        let left = result.leftBehind.map { "; delete scratch page \($0) by hand" } ?? ""
        switch result.reappends {
        case .some(true):
            let create = result.createPositionHonoured == false ? "; `position` on create was not honoured (new pages may need a reorder)" : ""
            return .ok(name, "a move under the page's own parent puts it last: reorders work\(create)\(left)")
        case .some(false):
            return .fail(name, "a move under the page's own parent left it in place\(left)", hint: "publish's reorder cannot work here: order pages by hand in Productive, and keep `order:` for new pages")
        case .none:
            return .info(name, "cannot tell: Productive's answers carry no position, so the order cannot be read back; publish orders pages from the positions it recorded\(left)")
        }
    }

    /// A root page's own doc: the probe's scratch page goes under the root page.
    private func rootLocation(_ location: ProductiveClient.Location, client: ProductiveClient) async throws -> ProductiveClient.Location {
        guard case .under(let parent, _) = location else { return location }
        let page = try await client.page(parent)
        return .under(parent: parent, root: page.rootPageID ?? page.id)
    }
}
