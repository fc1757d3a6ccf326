import AWSCore
import DRS
import DRSLocal
import Foundation
import JSONCore
import TestSupport

/// Starts DRS simulators for tests and builds clients that talk to them.
enum SimulatorHarness {
    static let local = DRSSimulatorConfiguration.localCredentials

    /// The seeded inventory, loaded once.
    static let seed: DRSInventory = {
        do {
            return try DRSInventory.seeded()
        } catch {
            preconditionFailure("the seeded inventory must load in tests: \(error)")
        }
    }()

    static let eastServerIDs: [String] = seed.regions["us-east-1", default: []].compactMap {
        $0["sourceServerID"]?.stringValue
    }

    /// Tiny timings so jobs complete within a test.
    static func quickSettings(
        failLaunch: Set<String> = [],
        throttleRate: Double = 0,
        maxPageSize: Int = 1_000
    ) -> DRSSimulatorSettings {
        DRSSimulatorSettings(
            jobStartDelayMilliseconds: 40,
            jobDurationMilliseconds: 120,
            failLaunch: failLaunch,
            throttleRate: throttleRate,
            uninitializedRegions: ["ap-south-1"],
            defaultPageSize: min(100, maxPageSize),
            maxPageSize: maxPageSize
        )
    }

    /// Runs `body` with a simulator listening on an ephemeral loopback port; stops it afterwards.
    static func withSimulator<T: Sendable>(
        _ settings: DRSSimulatorSettings = quickSettings(),
        inventory: DRSInventory = seed,
        _ body: (DRSSimulatorService, _ endpointURL: String) async throws -> T
    ) async throws -> T {
        var configuration = DRSSimulatorConfiguration(inventory: inventory)
        configuration.settings = settings
        let service = DRSSimulatorService(simulator: DRSSimulator(configuration: configuration))
        try await service.listen()
        do {
            let result = try await body(service, service.endpointURL ?? "")
            await service.stop()
            return result
        } catch {
            await service.stop()
            throw error
        }
    }

    /// A DRS client over libcurl signing with `credentials`, sending to `endpointURL`.
    static func client(
        _ endpointURL: String,
        credentials: AWSCredentials = local,
        retryPolicy: RetryPolicy = .standard
    ) -> DRSClient {
        DRSClient(
            client: AWSClient(
                configuration: AWSConfiguration(
                    environment: [
                        "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
                        "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                        "AWS_REGION": "us-east-1",
                        "AWS_ENDPOINT_URL_DRS": endpointURL,
                    ],
                    readFile: { _ in nil }
                ),
                transport: CurlTransport(),
                retryPolicy: retryPolicy,
                random: { 0.01 }
            ))
    }

    /// Runs blocking work (our synchronous client) on its own thread, so it never holds one of the
    /// few cooperative threads the in-process server's tasks need.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.start()
        }
    }

    /// Polls `condition` (blocking work) until it holds or `timeout` passes.
    static func eventually<T: Sendable>(
        timeout: Duration = .seconds(10),
        _ probe: @escaping @Sendable () throws -> T,
        until condition: (T) -> Bool
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let value = try await blocking(probe)
            if condition(value) || clock.now >= deadline { return value }
            try await Task.sleep(for: .milliseconds(30))
        }
    }

    /// The repository's `.venv/bin/python` when present, else `python3`; nil when neither imports boto3.
    static let boto3Python: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python").path
        for candidate in [venv, "/usr/bin/env"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let arguments = candidate == venv ? ["-c", "import boto3"] : ["python3", "-c", "import boto3"]
            if (try? run(candidate, arguments).status) == 0 {
                return candidate
            }
        }
        return nil
    }()

    /// Runs a program to its end, feeding it `input`; its exit status, standard output and error.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        input: Data? = nil
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(input)
        }
        try standardInput.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }
}
