import ArgumentParser
import DRSLocal

/// The `--drs-*` options of `drs-local`: the DRS simulator's port, inventory, timings and faults.
struct DRSSimulatorOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help:
            "Run the DRS simulator and point the children's AWS_ENDPOINT_URL_DRS at it (--no-drs-simulator: real DRS)."
    )
    var drsSimulator = true

    @Option(help: "DRS simulator port (0: any free port).")
    var drsPort = 0

    @Option(
        help: ArgumentHelp(
            "Source servers to serve: the JSON of `aws drs describe-source-servers` (replaces the seeded servers of "
                + "--drs-inventory-region), or the seed format with \"regions\".",
            valueName: "file"))
    var drsInventory: String?

    @Option(help: ArgumentHelp("Region of --drs-inventory's servers (default: --region).", valueName: "region"))
    var drsInventoryRegion: String?

    @Option(help: ArgumentHelp("Seconds a new DRS job stays PENDING.", valueName: "seconds"))
    var drsJobStartDelay = 2.0

    @Option(help: ArgumentHelp("Seconds a DRS job stays STARTED before it is COMPLETED.", valueName: "seconds"))
    var drsJobDuration = 5.0

    @Option(help: ArgumentHelp("A source server whose launches fail (repeatable).", valueName: "s-id"))
    var drsFailLaunch: [String] = []

    @Option(help: ArgumentHelp("Fraction of DRS calls answered 429 ThrottlingException, 0 to 1.", valueName: "rate"))
    var drsThrottleRate = 0.0

    @Option(
        help: ArgumentHelp(
            "Seconds a successful StartRecovery holds its answer back (its job exists at once): the slow-answer fault.",
            valueName: "seconds"))
    var drsStartRecoveryAnswerDelay = 0.0

    @Option(help: ArgumentHelp("A region where DRS is not initialized (repeatable).", valueName: "region"))
    var drsUninitializedRegion: [String] = []

    @Option(help: ArgumentHelp("Most items per DRS page, whatever maxResults asks (exercises paging).", valueName: "n"))
    var drsPageSize: Int?

    @Option(
        help: ArgumentHelp(
            "More credentials the simulator accepts, ACCESS_KEY_ID:SECRET (repeatable; the children's and "
                + "AKIDLOCALDRS are always accepted).",
            valueName: "key:secret"))
    var drsCredentials: [String] = []

    func validate() throws {
        guard (0...65535).contains(drsPort) else { throw ValidationError("--drs-port \(drsPort) is out of range") }
        guard drsJobStartDelay >= 0, drsJobDuration >= 0 else {
            throw ValidationError("--drs-job-start-delay and --drs-job-duration must not be negative")
        }
        guard (0...1).contains(drsThrottleRate) else { throw ValidationError("--drs-throttle-rate must be 0 to 1") }
        guard (0...600).contains(drsStartRecoveryAnswerDelay) else {
            throw ValidationError("--drs-start-recovery-answer-delay must be 0 to 600 seconds")
        }
        if let drsPageSize, drsPageSize < 1 { throw ValidationError("--drs-page-size must be at least 1") }
        for pair in drsCredentials where !pair.contains(":") {
            throw ValidationError("--drs-credentials expects ACCESS_KEY_ID:SECRET, got '\(pair)'")
        }
    }

    /// Starts the simulator (unless --no-drs-simulator) and points `configuration`'s children at it.
    ///
    /// - Returns: the running service, for the emulator's additional services; nil when disabled.
    func startSimulator(for configuration: inout EmulatorConfiguration) async throws -> DRSSimulatorService? {
        guard drsSimulator else { return nil }
        var inventory = try DRSInventory.seeded()
        if let drsInventory {
            inventory.merge(
                try DRSInventory(
                    contentsOfFile: drsInventory, defaultRegion: drsInventoryRegion ?? configuration.region))
        }
        var simulator = DRSSimulatorConfiguration(inventory: inventory)
        simulator.port = drsPort
        simulator.accountID = configuration.accountID
        simulator.log = configuration.log
        simulator.settings = DRSSimulatorSettings(
            jobStartDelayMilliseconds: Int64(drsJobStartDelay * 1000),
            jobDurationMilliseconds: Int64(drsJobDuration * 1000),
            failLaunch: Set(drsFailLaunch),
            throttleRate: drsThrottleRate,
            uninitializedRegions: Set(drsUninitializedRegion),
            defaultPageSize: min(100, drsPageSize ?? 100),
            maxPageSize: drsPageSize ?? 1_000,
            startRecoveryAnswerDelayMilliseconds: Int64(drsStartRecoveryAnswerDelay * 1000)
        )
        for pair in drsCredentials {
            if let colon = pair.firstIndex(of: ":") {
                simulator.trust(
                    accessKeyID: String(pair[..<colon]), secretAccessKey: String(pair[pair.index(after: colon)...]))
            }
        }
        return try await configuration.startDRSSimulator(simulator)
    }
}
