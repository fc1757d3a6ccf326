import DRS
import Foundation
import JSONCore

/// Everything the simulator knows: the inventory, the jobs, the settings, the counters and the
/// random source. A plain value mutated under `DRSSimulator`'s lock; every operation is a
/// synchronous function of the state, the request and the time, so it is tested without a server.
struct DRSSimulatorState: Sendable {
    let accountID: String
    private let initialSettings: DRSSimulatorSettings
    private let initialInventory: DRSInventory
    private let seed: UInt64

    var settings: DRSSimulatorSettings
    var inventory: DRSInventory
    /// In creation order.
    var jobs: [SimulatedJob] = []
    var stats = DRSSimulatorStats()
    var random: SimulatorRandom

    /// DRS's quotas (the limits the earlier implementation hard-coded).
    static let maxServersPerJob = 100
    static let maxConcurrentJobs = 20
    static let maxServersInActiveJobs = 500

    init(accountID: String, settings: DRSSimulatorSettings, inventory: DRSInventory, seed: UInt64) {
        self.accountID = accountID
        initialSettings = settings
        initialInventory = inventory
        self.seed = seed
        self.settings = settings
        self.inventory = inventory
        random = SimulatorRandom(seed: seed)
    }

    /// Back to the start: the initial inventory and settings, no jobs, zero counters, the same seed.
    mutating func reset() {
        settings = initialSettings
        inventory = initialInventory
        jobs = []
        stats = DRSSimulatorStats()
        random = SimulatorRandom(seed: seed)
    }

    func isUninitialized(_ region: String) -> Bool {
        inventory.uninitializedRegions.contains(region) || settings.uninitializedRegions.contains(region)
    }

    /// Serves one authenticated call of `operation` in `region`.
    mutating func perform(_ operation: DRSOperation, region: String, body: [UInt8], now: Int64) -> DRSSimulatorReply {
        if settings.throttleRate > 0, random.nextUnit() < settings.throttleRate {
            stats.throttled[operation.rawValue, default: 0] += 1
            return .error(429, "ThrottlingException", "Rate exceeded", extra: ["serviceCode": "drs"])
        }
        stats.recordCall(operation.rawValue, region: region)
        if isUninitialized(region) {
            return .error(
                400, "UninitializedAccountException",
                "Account not initialized: AWS Elastic Disaster Recovery has not been initialized in \(region)")
        }
        switch operation {
        case .describeSourceServers: return describeSourceServers(body, region: region, now: now)
        case .startRecovery: return startRecovery(body, region: region, now: now)
        case .describeJobs: return describeJobs(body, region: region, now: now)
        case .describeJobLogItems: return describeJobLogItems(body, region: region, now: now)
        case .describeRecoveryInstances: return describeRecoveryInstances(body, region: region, now: now)
        case .terminateRecoveryInstances: return terminateRecoveryInstances(body, region: region, now: now)
        }
    }

    // MARK: helpers shared by the operations

    /// The request body as `T`; an empty body is `{}`, as botocore sends for no input.
    func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<T, DRSSimulatorReply> {
        let payload = body.isEmpty ? Array("{}".utf8) : body
        do {
            return .success(try JSONDecoder().decode(T.self, from: Data(payload)))
        } catch {
            return .failure(.validation("Could not parse the request body: \(error)", reason: "cannotParse"))
        }
    }

    /// One page of `items` starting at `nextToken`, holding at most `maxResults` (capped by the
    /// settings), and the token of the page after it.
    func page<Item>(_ items: [Item], maxResults: Int?, nextToken: String?) -> Result<
        (items: [Item], nextToken: String?), DRSSimulatorReply
    > {
        if let maxResults, maxResults < 1 {
            return .failure(.validation("maxResults must be at least 1", field: "maxResults"))
        }
        let size = max(1, min(maxResults ?? settings.defaultPageSize, settings.maxPageSize))
        var offset = 0
        if let nextToken, !nextToken.isEmpty {
            guard let decoded = Self.offset(fromToken: nextToken), decoded >= 0, decoded <= items.count else {
                return .failure(.validation("Invalid nextToken", field: "nextToken"))
            }
            offset = decoded
        }
        let end = min(items.count, offset + size)
        let next = end < items.count ? Self.token(forOffset: end) : nil
        return .success((Array(items[offset..<end]), next))
    }

    /// Opaque to clients; an offset underneath.
    static func token(forOffset offset: Int) -> String {
        Data("drs-local:\(offset)".utf8).base64EncodedString()
    }

    static func offset(fromToken token: String) -> Int? {
        guard let data = Data(base64Encoded: token) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("drs-local:") else { return nil }
        return Int(text.dropFirst("drs-local:".count))
    }

    mutating func newJobID() -> String {
        "drsjob-" + random.hex(17)
    }

    mutating func newInstanceID() -> String {
        "i-" + random.hex(17)
    }
}
