import AWSCore

extension EmulatorConfiguration {
    /// The credentials the children will sign with: `--env` overrides, else drs-local's own
    /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, else nil (the children would fall back to the
    /// shared files, which the simulator cannot know).
    package var childCredentials: AWSCredentials? {
        for source in [environmentOverrides, parentEnvironment] {
            if let key = source["AWS_ACCESS_KEY_ID"], !key.isEmpty,
                let secret = source["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
            {
                return AWSCredentials(
                    accessKeyID: key, secretAccessKey: secret, sessionToken: source["AWS_SESSION_TOKEN"])
            }
        }
        return nil
    }

    /// Points the children at the DRS simulator at `endpointURL` and makes sure they sign with
    /// credentials it knows: sets `AWS_ENDPOINT_URL_DRS` unless `--env` already set it, and gives
    /// the children `DRSSimulatorConfiguration.localCredentials` when neither `--env` nor
    /// drs-local's environment has an access key pair.
    ///
    /// - Returns: the credentials the children will use, for the simulator to trust.
    @discardableResult
    package mutating func useDRSSimulator(endpointURL: String) -> AWSCredentials {
        if environmentOverrides["AWS_ENDPOINT_URL_DRS"] == nil {
            environmentOverrides["AWS_ENDPOINT_URL_DRS"] = endpointURL
        }
        if let credentials = childCredentials {
            return credentials
        }
        let local = DRSSimulatorConfiguration.localCredentials
        environmentOverrides["AWS_ACCESS_KEY_ID"] = local.accessKeyID
        environmentOverrides["AWS_SECRET_ACCESS_KEY"] = local.secretAccessKey
        // A session token left in drs-local's environment would not belong to these keys.
        environmentOverrides["AWS_SESSION_TOKEN"] = ""
        return local
    }
}

extension EmulatorConfiguration {
    /// Starts a DRS simulator for this stack and points the children at it (`useDRSSimulator`):
    /// the simulator trusts the credentials the children will sign with, and listens before the
    /// children start so their environment can name its port. Prints how to reach it.
    ///
    /// - Returns: the running service; pass it to `Emulator(additionalServices:)` so it stops with
    ///   the stack.
    /// - Throws: `EmulatorError` `.bindFailed` when its port cannot be bound.
    package mutating func startDRSSimulator(_ simulatorConfiguration: DRSSimulatorConfiguration) async throws
        -> DRSSimulatorService
    {
        var simulatorConfiguration = simulatorConfiguration
        if let credentials = childCredentials {
            simulatorConfiguration.trust(credentials)
        }
        let service = DRSSimulatorService(simulator: DRSSimulator(configuration: simulatorConfiguration))
        let port = try await service.listen()
        let url = service.endpointURL ?? "http://\(simulatorConfiguration.host):\(port)"
        let signer = useDRSSimulator(endpointURL: url)
        log(Self.drsBanner(url: url, configuration: simulatorConfiguration, childAccessKeyID: signer.accessKeyID))
        return service
    }

    static func drsBanner(url: String, configuration: DRSSimulatorConfiguration, childAccessKeyID: String) -> String {
        let inventory = configuration.inventory
        let regions = inventory.regions.keys.sorted().map { "\($0) (\(inventory.regions[$0]?.count ?? 0))" }
        let uninitialized = inventory.uninitializedRegions.union(configuration.settings.uninitializedRegions).sorted()
        let local = DRSSimulatorConfiguration.localCredentials
        let settings = configuration.settings
        var lines = [
            "DRS simulator  \(url)  (children's AWS_ENDPOINT_URL_DRS; they sign as \(childAccessKeyID))",
            "      servers: \(regions.joined(separator: ", "))"
                + (uninitialized.isEmpty ? "" : "; uninitialized: \(uninitialized.joined(separator: ", "))"),
            "      jobs: PENDING \(Double(settings.jobStartDelayMilliseconds) / 1000)s, "
                + "STARTED \(Double(settings.jobDurationMilliseconds) / 1000)s",
        ]
        var faults: [String] = []
        if !settings.failLaunch.isEmpty {
            faults.append("launches fail for \(settings.failLaunch.sorted().joined(separator: ", "))")
        }
        if settings.throttleRate > 0 {
            faults.append("\(Int((settings.throttleRate * 100).rounded()))% of calls throttled")
        }
        if !faults.isEmpty {
            lines.append("      faults: " + faults.joined(separator: "; "))
        }
        lines.append(
            "      AWS_ACCESS_KEY_ID=\(local.accessKeyID) AWS_SECRET_ACCESS_KEY=\(local.secretAccessKey) "
                + "aws drs describe-source-servers --region \(inventory.regions.keys.sorted().first ?? "us-east-1") "
                + "--endpoint-url \(url)")
        lines.append(
            "      curl \(url)/_simulator/stats   (also POST /_simulator/reset, GET|POST /_simulator/settings)")
        return lines.joined(separator: "\n")
    }
}
