import AWSCore

/// How a DRS simulator is set up: where it listens, what it serves, whom it trusts, and its clock.
package struct DRSSimulatorConfiguration: Sendable {
    /// The fixed credentials drs-local gives its children when its own environment has none, and
    /// which the simulator always accepts: use them from tests, the AWS CLI and boto3.
    package static let localCredentials = AWSCredentials(
        accessKeyID: "AKIDLOCALDRS",
        secretAccessKey: "drs-local-secret-access-key"
    )

    /// Address to bind (loopback).
    package var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    package var port = 0
    /// The account in the ARNs of jobs and recovery instances.
    package var accountID = "123456789012"
    /// The servers per region and the uninitialized regions.
    package var inventory: DRSInventory
    /// Timings, page sizes and faults at start (and after a reset).
    package var settings = DRSSimulatorSettings()
    /// Access key ID → secret access key of every signer the simulator accepts; holds
    /// `localCredentials` by default.
    package var credentials: [String: String] = [
        localCredentials.accessKeyID: localCredentials.secretAccessKey
    ]
    /// How far a request's `X-Amz-Date` may be from the simulator's clock (AWS allows 15 minutes);
    /// nil accepts any date.
    package var clockSkewToleranceMilliseconds: Int64? = 15 * 60_000
    /// Seeds job and instance IDs and injected throttling, so runs repeat.
    package var randomSeed: UInt64 = 0x0D25_10CA_15EE_D000
    /// The time jobs progress by.
    package var clock: AWSClock = .system
    /// Where the simulator reports launches, terminations and refused calls.
    package var log: EmulatorLog = .discard

    /// A configuration serving `inventory`, with default settings.
    package init(inventory: DRSInventory) {
        self.inventory = inventory
    }

    /// Makes the simulator accept `credentials` too.
    package mutating func trust(_ credentials: AWSCredentials) {
        trust(accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey)
    }

    /// Makes the simulator accept requests signed with this access key pair too.
    package mutating func trust(accessKeyID: String, secretAccessKey: String) {
        credentials[accessKeyID] = secretAccessKey
    }
}
