import Foundation
import Hummingbird

extension SandboxAPI {
    /// `GET /projects/{id}`: the project as a JSON:API resource, or 404.
    ///
    /// The sandbox has no project store: a project exists when it is configured
    /// (`SandboxConfiguration.projects`, project 1 by default) or when a page of the organization
    /// belongs to it. Creating a doc in any project still works, as before.
    func project(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let id = try pathID(context)
        let organization = try caller(context).organization
        let known = configuration.projects.contains(id) || store.pages(organization: organization).contains { $0.projectID == id }
        guard known else {
            throw SandboxError(status: 404, title: "Not found", detail: "no such project")
        }
        let docs = store.pages(organization: organization).filter { $0.projectID == id && $0.parentPageID == nil }.count
        return JSONAPIDocuments.response(status: 200, [
            "data": [
                "id": String(id), "type": "projects",
                "attributes": ["name": "Sandbox project \(id)", "docs_count": docs, "archived_at": NSNull()],
            ] as [String: Any],
        ])
    }
}
