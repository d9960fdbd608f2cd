import ArgumentParser
import Foundation
import ProductiveAPI

/// What every command that talks to the API shares: the run's time budget and the per-request log.
/// Retries and waits are always shown on standard error; `--verbose` adds one line per request.
struct ConnectionOptions: ParsableArguments {
    /// 30 minutes: a publish of a few thousand pages fits under Productive's 4,000 requests per 30 minutes.
    static let defaultTimeout = 1800.0

    @Option(help: ArgumentHelp("Give up after this many seconds in all: requests, retries and waits.", valueName: "seconds"))
    var timeout = ConnectionOptions.defaultTimeout

    @Flag(help: "Print one line per request on standard error: method, path, status, time (never the token).")
    var verbose = false

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout takes a positive number of seconds") }
    }

    /// `configuration` with this run's budget.
    func apply(to configuration: ProductiveConfiguration) -> ProductiveConfiguration {
        var configuration = configuration
        configuration.runTimeout = .milliseconds(Int64(timeout * 1000))
        return configuration
    }

    /// A client for `configuration` with this run's budget, reporting on standard error.
    func makeClient(_ configuration: ProductiveConfiguration) -> ProductiveClient {
        let verbose = verbose
        return ProductiveClient(configuration: apply(to: configuration)) { event in
            if verbose || !event.isRequestLine { Terminal.standardError.write("\(event)\n") }
        }
    }
}
