import API
import JSONCore
import Synchronization
import TestSupport
import Testing

/// A region that cannot be one is the caller's 400, answered before DRS is asked.
@Suite("Region names")
struct RegionNameTests {
    @Test("accept AWS region names", arguments: ["us-east-1", "ap-southeast-2", "us-gov-west-1", "il-central-1"])
    func valid(_ name: String) {
        #expect(RegionName.isValid(name))
    }

    @Test(
        "refuse what cannot be a region",
        arguments: [
            "", "us", "us-east", "US-EAST-1", "us_east_1", "us-east-1/x", "us-east-123", "u-east-1", "us--1",
            "us-east-1 ", "é-east-1", "\u{14}",
        ])
    func invalid(_ name: String) {
        #expect(!RegionName.isValid(name))
    }

    @Test("answer a malformed region with INVALID_REQUEST naming it, without calling DRS")
    func routesRefuseMalformedRegions() throws {
        let harness = try ResourceTestHarness()
        let replies = [
            try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1/x"]),
            try harness.send("GET", "/drs/source-servers", query: ["region": "\u{14}"]),
            try harness.send(
                "POST", "/protection-groups",
                body: ["name": "G", "region": "Nowhere", "serverSelectionTags": ["Tier": "Web"]]),
            try harness.send(
                "POST", "/protection-groups/resolve", body: ["region": "us east 1", "tags": ["Tier": "Web"]]),
        ]
        for reply in replies {
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.error == "INVALID_REQUEST", "\(reply)")
            #expect(reply["field"] == "region", "\(reply)")
        }
        #expect(harness.drs.state.withLock { $0.calls }.isEmpty)
        #expect(try harness.send("GET", "/protection-groups").body["count"] == 0)
    }

    @Test("let a padded region through to the group's own trimming")
    func paddedRegionIsTrimmed() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Padded", "region": " us-east-1 ", "serverSelectionTags": ["Tier": "Web"]])
        #expect(reply.status == 201, "\(reply)")
        #expect(reply["region"] == "us-east-1")
    }
}
