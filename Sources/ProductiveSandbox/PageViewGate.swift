import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The page views show every page of every organization, so they need a sandbox token (unless the
/// sandbox runs with `--open`): the `X-Auth-Token` header, `?token=` in the URL (which also sets a
/// cookie, so the links inside work), or that cookie.
struct PageViewGate: Sendable {
    static let cookieName = "sandbox_token"

    let tokens: Set<String>
    let open: Bool

    func check(_ request: Request, _ view: () -> Response) -> Response {
        if open { return view() }
        if let header = request.headers[SandboxHeaders.authToken], tokens.contains(header) { return view() }
        if let cookie = cookieToken(request), tokens.contains(cookie) { return view() }
        if let query = queryToken(request), tokens.contains(query) {
            var response = view()
            response.headers[.setCookie] = "\(Self.cookieName)=\(query); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        let body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Token needed</title></head><body>"
            + "<h1>Token needed</h1><p>Open the address the sandbox printed (it ends in <code>?token=…</code>), or start it with <code>--open</code>.</p></body></html>"
        return Response(status: .unauthorized, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func queryToken(_ request: Request) -> String? {
        for item in (request.uri.query ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == "token" { return String(parts[1]).removingPercentEncoding }
        }
        return nil
    }

    private func cookieToken(_ request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == Self.cookieName { return String(parts[1]) }
            }
        }
        return nil
    }
}
