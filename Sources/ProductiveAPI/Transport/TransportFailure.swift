import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// What a transport error means for the request, decided from the error's type, never its text.
struct TransportFailure: Sendable {
    enum Class: Sendable, Equatable {
        /// Nothing reached the server (connection refused, DNS, TLS handshake): safe to send again,
        /// and worth at most one more quick try.
        case unreachable
        /// The request may have reached the server (reset, closed connection, no answer in time):
        /// a state-changing request must be verified before it is sent again.
        case mayHaveLanded
        /// No (complete) answer came within the request timeout.
        case timedOut
    }

    var kind: Class
    /// Words for a person; never a library's raw error text (it could hold a header value).
    var reason: String
    /// The error it was classified from, kept for callers that branch on it.
    var underlying: (any Error)?

    init(kind: Class, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    static func classify(_ error: any Error) -> TransportFailure {
        var failure = classified(error)
        failure.underlying = error
        return failure
    }

    private static func classified(_ error: any Error) -> TransportFailure {
        switch error {
        case let error as RequestTimeout:
            return TransportFailure(kind: .timedOut, reason: "no complete answer within \(Seconds.text(error.limit))")
        case let error as HTTPClientError:
            if error == .connectTimeout { return TransportFailure(kind: .unreachable, reason: "connection timed out") }
            if error == .tlsHandshakeTimeout { return TransportFailure(kind: .unreachable, reason: "TLS handshake timed out") }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return TransportFailure(kind: .unreachable, reason: "invalid URL") }
            if error == .readTimeout || error == .deadlineExceeded { return TransportFailure(kind: .timedOut, reason: "no answer in time") }
            if error == .remoteConnectionClosed { return TransportFailure(kind: .mayHaveLanded, reason: "the connection was closed before an answer came") }
            return TransportFailure(kind: .mayHaveLanded, reason: "the request failed (HTTPClientError)")
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return TransportFailure(kind: .unreachable, reason: "DNS lookup of \(error.host) failed")
            }
            return TransportFailure(kind: .unreachable, reason: "connection refused")
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return TransportFailure(kind: .unreachable, reason: "connection refused")
            case ENETUNREACH, EHOSTUNREACH: return TransportFailure(kind: .unreachable, reason: "network unreachable")
            case ECONNRESET, EPIPE: return TransportFailure(kind: .mayHaveLanded, reason: "the connection was reset")
            default: return TransportFailure(kind: .mayHaveLanded, reason: "input/output error \(error.errnoCode)")
            }
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed, .unableToValidateCertificate, .cannotMatchULabel, .noCertificateToValidate, .cannotFindPeerIP:
                return TransportFailure(kind: .unreachable, reason: "TLS handshake failed")
            default:
                return TransportFailure(kind: .mayHaveLanded, reason: "the TLS connection failed")
            }
        case is NIOSSLCloseTimedOutError:
            return TransportFailure(kind: .mayHaveLanded, reason: "the TLS connection failed")
        case is ChannelError:
            return TransportFailure(kind: .mayHaveLanded, reason: "the connection was closed before an answer came")
        default:
            // Unknown: assume the worst (it may have landed), and say only its type.
            return TransportFailure(kind: .mayHaveLanded, reason: "transport error (\(type(of: error)))")
        }
    }
}

/// The per-request timeout fired: the answer (head and body) did not arrive in full in time.
struct RequestTimeout: Error, Sendable {
    var limit: Duration
}

/// Duration formatting for messages.
enum Seconds {
    static func value(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `2 s`, `1.5 s`, `90 s`, `250 ms`; a wait of days also in days (`31536000 s (365 days)`).
    static func text(_ duration: Duration) -> String {
        let seconds = value(duration)
        if seconds >= 2 * 86_400 { return "\(Int(seconds.rounded())) s (\(Int((seconds / 86_400).rounded())) days)" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds >= 10 || abs(seconds - seconds.rounded()) < 0.05 { return "\(Int(seconds.rounded())) s" }
        return "\((seconds * 10).rounded() / 10) s"
    }
}
