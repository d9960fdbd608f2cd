import HTTPTypes
import Hummingbird

/// An endpoint's handler: what it answers, or the error document it throws.
typealias EndpointHandler = @Sendable (Request, SandboxRequestContext) throws(SandboxError) -> Response

extension RouterMethods where Context == SandboxRequestContext {
    /// Registers an API endpoint behind the stages every API request passes after admission
    /// (`AdmissionMiddleware`, on the whole router), in Productive's order, as router middleware:
    /// the route named (`RouteMiddleware`), what is thrown turned into answers
    /// (`ErrorDocumentMiddleware`), the faults that strike before anything is done
    /// (`FaultsBeforeMiddleware`), the media type (415), the size (413), the JSON object and its
    /// content's size (422, 413), the faults that strike after the change (`FaultsAfterMiddleware`),
    /// then `handler`. A stage that answers ends the request.
    @discardableResult
    func endpoint(_ method: HTTPRequest.Method, _ path: RouterPath, _ route: RouteMiddleware, api: SandboxAPI, _ handler: @escaping EndpointHandler) -> Self {
        group()
            .add(middleware: route)
            .add(middleware: ErrorDocumentMiddleware())
            .add(middleware: FaultsBeforeMiddleware(faults: api.faults))
            .add(middleware: MediaTypeMiddleware())
            .add(middleware: BodySizeMiddleware(limit: api.configuration.maxRequestBytes))
            .add(middleware: JSONBodyMiddleware(maxContentLines: api.configuration.maxContentLines))
            .add(middleware: FaultsAfterMiddleware(api: api))
            .on(path, method: method) { request, context in try handler(request, context) }
        return self
    }
}
