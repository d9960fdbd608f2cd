import Foundation
import ProductiveWire

/// How the sandbox behaves: credentials, rate limits, strictness and the faults it injects.
public struct SandboxConfiguration: Sendable {
    /// A request budget per token: at most `count` requests per fixed `window` (the client's type).
    public typealias RateLimit = ProductiveWire.RateLimit

    /// Answers that misbehave the way real servers and proxies sometimes do (for client tests).
    public enum HostileResponse: Sendable, Equatable {
        /// A 502 with an HTML page as body.
        case htmlBadGateway
        /// A 500 with a plain-text body.
        case plainTextError
        /// A 200 with a body of this many bytes.
        case hugeBody(Int)
    }

    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Token → organization id. The default token is `sandbox-token` in organization `1`.
    public var credentials: [String: String]
    /// Per-token budgets (Productive: 100 per 10 s).
    public var rateLimits: [RateLimit]
    /// The budget of a whole organization, every token together (Productive: 4,000 per 30 min;
    /// nil: none). A spent one is answered 429 with `X-RateLimit-Reset` and `Retry-After`, like the
    /// short window (the `--sustained-limit` and `--sustained-window` options).
    public var sustainedLimit: RateLimit?
    /// What the rate-limit windows are measured with: `SandboxClock.manual()` lets a test cross a
    /// window without waiting for it.
    public var clock: SandboxClock
    /// Refuse (422) any payload outside the element set, naming it.
    public var strict: Bool
    /// Added before every API answer.
    public var latency: Duration
    /// Share of API requests answered 502 before anything is done (0...1).
    public var errorRate: Double
    /// Share of state-changing requests applied, then answered by closing the connection (0...1).
    public var dropRate: Double
    /// The seed of the `errorRate` and `dropRate` draws: the same seed strikes the same draws (nil:
    /// one is drawn at start; `SandboxServer.faultSeed` says which).
    public var faultSeed: UInt64?
    /// Pages are loaded from and saved to this JSON file.
    public var dataFile: String?
    public var hostileResponse: HostileResponse?
    /// Scripted faults (504 after a change, reset, hang, trickle, redirect), first match wins.
    public var faults: [SandboxFault]
    /// Request bodies larger than this are refused with 413 before they are read in full.
    public var maxRequestBytes: Int
    /// Markdown or HTML content with more lines and tags than this is refused with 413: conversion
    /// costs memory per node (several KB), so bytes alone do not bound it.
    public var maxContentLines: Int
    /// Serve the page views (`/`, `/pages/{id}`) without the token (the `--open` flag).
    public var openPageView: Bool
    /// Added to every `created_at` and `updated_at` the sandbox stamps, as when the database's clock
    /// differs from the gateway's that writes the `Date` header: -30 s looks like a `Date` clock 30 s
    /// ahead (the `--timestamp-skew` option; for testing proofs that must not trust a clock).
    public var timestampSkew: Duration = .zero
    /// The people, teams and dynamic groups (`GET /people`, `/teams`, `/dynamic_groups`; the
    /// `--directory FILE` option).
    public var directory = SandboxDirectory()
    /// Whether a page's memberships also hold for the pages under it (Productive does not document
    /// it; `doctor --probe-sharing` tells which a server does).
    public var subpagesInheritMemberships = true

    /// Bodies up to 2 MB: far more than a page of docs, small enough that conversion stays in memory bounds.
    public static let defaultMaxRequestBytes = 2 << 20
    /// Projects that exist besides those holding pages (`GET /projects/{id}` answers 200 for them).
    public var projects: Set<Int>
    /// How long an upload policy from `POST /attachments` stays valid (whole seconds; zero: it has
    /// expired by the time anyone uses it).
    public var uploadPolicyLifetime: Duration
    /// The largest attachment accepted (`size` in step 1, the file in step 2).
    public var maxUploadBytes: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, credentials: [String: String] = ["sandbox-token": "1"],
        rateLimits: [RateLimit] = [RateLimit.productiveShortWindow],
        strict: Bool = false, latency: Duration = .zero, errorRate: Double = 0, dropRate: Double = 0,
        dataFile: String? = nil, hostileResponse: HostileResponse? = nil, faults: [SandboxFault] = [],
        maxRequestBytes: Int = SandboxConfiguration.defaultMaxRequestBytes, openPageView: Bool = false, maxContentLines: Int = 20_000, projects: Set<Int> = [1],
        uploadPolicyLifetime: Duration = .seconds(300), maxUploadBytes: Int = 50 << 20,
        sustainedLimit: RateLimit? = RateLimit.productiveSustained, clock: SandboxClock = .continuous
    ) {
        self.sustainedLimit = sustainedLimit
        self.clock = clock
        self.uploadPolicyLifetime = uploadPolicyLifetime
        self.maxUploadBytes = maxUploadBytes
        self.host = host
        self.port = port
        self.credentials = credentials
        self.rateLimits = rateLimits
        self.strict = strict
        self.latency = latency
        self.errorRate = errorRate
        self.dropRate = dropRate
        self.dataFile = dataFile
        self.hostileResponse = hostileResponse
        self.projects = projects
        self.faults = faults
        self.maxRequestBytes = maxRequestBytes
        self.openPageView = openPageView
        self.maxContentLines = maxContentLines
    }

    /// True when `host` is a loopback address (only this machine can reach the sandbox).
    public var isLoopback: Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
