import AWSCore
import DRS
import Foundation
import JSONCore
import Synchronization

/// drs-local's stand-in for AWS Elastic Disaster Recovery: serves the six DRS operations the
/// orchestrator uses over REST-JSON, as boto3 and our `DRSClient` call them, after verifying each
/// request's SigV4 signature.
///
/// State (inventory, jobs, counters) lives in one locked value; jobs progress with the clock, so
/// nothing runs in the background. Besides the DRS operations it answers, unsigned:
/// * `GET /_simulator/stats` — calls per operation (and region), throttled and refused calls;
/// * `POST /_simulator/reset` — back to the initial inventory, settings and seed, no jobs;
/// * `GET`/`POST /_simulator/settings` — read or change timings, page sizes and faults while running.
package final class DRSSimulator: Sendable {
    package let configuration: DRSSimulatorConfiguration
    private let verifier: DRSSignatureVerifier
    private let state: Mutex<DRSSimulatorState>

    /// A simulator in its initial state.
    package init(configuration: DRSSimulatorConfiguration) {
        self.configuration = configuration
        verifier = DRSSignatureVerifier(
            credentials: configuration.credentials,
            clockSkewToleranceMilliseconds: configuration.clockSkewToleranceMilliseconds
        )
        state = Mutex(
            DRSSimulatorState(
                accountID: configuration.accountID,
                settings: configuration.settings,
                inventory: configuration.inventory,
                seed: configuration.randomSeed
            ))
    }

    /// The counters so far.
    package var stats: DRSSimulatorStats {
        state.withLock { $0.stats }
    }

    /// The current settings.
    package var settings: DRSSimulatorSettings {
        state.withLock { $0.settings }
    }

    /// Replaces the settings (until the next reset).
    package func update(_ settings: DRSSimulatorSettings) {
        state.withLock { $0.settings = settings }
    }

    /// Forgets every job and counter and restores the initial inventory, settings and seed.
    package func reset() {
        state.withLock { $0.reset() }
    }

    /// Answers one HTTP request.
    package func handle(_ request: DRSSimulatorRequest) -> DRSSimulatorReply {
        if request.path.hasPrefix("/_simulator/") {
            return handleControl(request)
        }
        guard let operation = DRSOperation(path: request.path), request.method == "POST" else {
            return .error(
                404, "UnknownOperationException",
                "drs-local's DRS simulator does not implement \(request.method) \(request.path); it serves POST "
                    + DRSOperation.allCases.map(\.path).joined(separator: ", "))
        }
        let now = configuration.clock.nowMilliseconds()
        let identity: DRSSignatureVerifier.Identity
        switch verifier.verify(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
            body: request.body,
            now: now
        ) {
        case .success(let verified):
            identity = verified
        case .failure(let reply):
            state.withLock { $0.stats.rejected[operation.rawValue, default: 0] += 1 }
            configuration.log("[drs] \(operation) refused: \(Self.errorType(of: reply) ?? "HTTP \(reply.status)")")
            return reply
        }
        var reply = state.withLock { state in
            state.perform(operation, region: identity.region, body: request.body, now: now)
        }
        reply.headers["x-amzn-RequestId"] = UUID().uuidString.lowercased()
        if operation == .startRecovery || operation == .terminateRecoveryInstances || reply.status >= 400 {
            configuration.log(Self.logLine(operation, region: identity.region, reply: reply))
        }
        return reply
    }

    private func handleControl(_ request: DRSSimulatorRequest) -> DRSSimulatorReply {
        switch (request.method, request.path) {
        case ("GET", "/_simulator/stats"):
            return .json(200, encoding: stats)
        case ("POST", "/_simulator/reset"):
            reset()
            return .json(200, ["reset": true])
        case ("GET", "/_simulator/settings"):
            return .json(200, encoding: settings)
        case ("POST", "/_simulator/settings"):
            guard let update = try? JSONDecoder().decode(DRSSimulatorSettings.Update.self, from: Data(request.body))
            else {
                return .validation("Expected a JSON object of settings to change", reason: "cannotParse")
            }
            let result: Result<DRSSimulatorSettings, DRSSimulatorReply> = state.withLock { state in
                let updated = update.applied(to: state.settings)
                guard updated.problems.isEmpty else {
                    return .failure(.validation(updated.problems.joined(separator: "; ")))
                }
                state.settings = updated
                return .success(updated)
            }
            switch result {
            case .success(let updated): return .json(200, encoding: updated)
            case .failure(let reply): return reply
            }
        default:
            return .error(
                404, "UnknownOperationException",
                "Unknown simulator endpoint \(request.method) \(request.path); try GET /_simulator/stats, "
                    + "POST /_simulator/reset, GET or POST /_simulator/settings")
        }
    }

    private static func errorType(of reply: DRSSimulatorReply) -> String? {
        reply.headers["x-amzn-ErrorType"]
    }

    private static func logLine(_ operation: DRSOperation, region: String, reply: DRSSimulatorReply) -> String {
        var line = "[drs] \(operation) \(region) -> \(reply.status)"
        if let type = errorType(of: reply) {
            line += " \(type)"
        } else if let job = try? JSONValue(parsing: reply.body)["job"] {
            let servers = job["participatingServers"]?.arrayValue?.count ?? 0
            line += " \(job["jobID"]?.stringValue ?? "?") (\(servers) server(s))"
        }
        return line
    }
}
