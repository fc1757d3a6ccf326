import AWSCore
import DRS
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// Reads degrade, they don't fail: what DRS cannot answer is marked unknown where it is needed,
/// and what is known without DRS (an explicit group's servers) is not asked of it.
@Suite("DRS reads degrade per plan; explicit groups need no DRS walk")
struct DRSDegradationTests {
    static func throttled() -> DRSError {
        DRSError(
            code: .throttled, operation: .describeSourceServers, region: "us-east-1", message: "Rate exceeded",
            serviceError: AWSServiceError(rawCode: "ThrottlingException", message: "Rate exceeded", status: 429))
    }

    @Test("a DRS error resolving a tag group marks that plan's conflict unknown; the others are still answered")
    func conflictUnknownForTagPlan() throws {
        let h = ExecutionHarness()
        let busy = try h.group("Busy", servers: ["s-e1"])
        _ = try h.start(try h.plan("Running", groups: [busy]))
        let tags = try h.groups.create(
            ProtectionGroupDraft(name: "Web tier", region: "us-east-1", serverSelectionTags: ["Tier": "Web"]),
            catalog: h.catalog(), by: "admin@example.com")
        let tagPlan = try h.plan("By tag", groups: [tags])
        let explicitPlan = try h.plan("Explicit", groups: [busy])

        h.drs.state.withLock { $0.failures[.describeSourceServers] = Array(repeating: Self.throttled(), count: 10) }
        let listed = try h.plans.list(.init(), limit: nil, nextToken: nil, catalog: h.catalog()).items
        let byID = Dictionary(listed.map { ($0.plan.id, $0) }, uniquingKeysWith: { first, _ in first })
        let tagView = try #require(byID[tagPlan.id])
        #expect(tagView.conflict == nil)
        #expect(tagView.conflictUnknown?.contains("throttling") == true)
        let explicitView = try #require(byID[explicitPlan.id])
        #expect(explicitView.conflictUnknown == nil)
        #expect(explicitView.conflict?.servers == ["s-e1"])

        // Filtering by conflict leaves out the plan whose conflict is unknown.
        let withConflict = try h.plans.list(.init(hasConflict: true), limit: nil, nextToken: nil, catalog: h.catalog())
        #expect(withConflict.items.map(\.plan.id) == [explicitPlan.id])
    }

    @Test("plans of explicit groups get their conflicts without any DescribeSourceServers")
    func explicitNeedsNoDRS() throws {
        let h = ExecutionHarness()
        let busy = try h.group("Busy", servers: ["s-e1"])
        _ = try h.start(try h.plan("Running", groups: [busy]))
        let plan = try h.plan("Explicit", groups: [busy])
        let before = h.drs.calls(.describeSourceServers)
        let view = try h.plans.view(plan.id, catalog: h.catalog())
        #expect(view.conflict?.servers == ["s-e1"])
        #expect(h.drs.calls(.describeSourceServers) == before)
    }

    @Test("a start of explicit groups describes its servers by id, not the region's whole inventory")
    func startDescribesByID() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1", "s-e2"])])
        let before = h.drs.calls(.describeSourceServers)
        let execution = try h.start(plan)
        #expect(h.drs.calls(.describeSourceServers) - before == 1)
        #expect(h.drs.state.withLock { $0.sourceServerIDFilters.last } == ["s-e1", "s-e2"])
        #expect(execution.waves[0].servers.map(\.hostname) == ["host-s-e1", "host-s-e2"])
    }

    @Test("an explicit group's create and update describe its servers by id, not the region's inventory")
    func explicitGroupWritesDescribeByID() throws {
        let h = ExecutionHarness()
        let group = try h.group("A", servers: ["s-e1", "s-e2"])
        #expect(h.drs.state.withLock { $0.calls.filter { $0.hasPrefix("DescribeSourceServers") }.count } == 1)
        #expect(h.drs.state.withLock { $0.sourceServerIDFilters } == [["s-e1", "s-e2"]])

        _ = try h.groups.update(
            group.id, ProtectionGroupDraft(sourceServerIds: ["s-e2", "s-e3"]), catalog: h.catalog(),
            by: "admin@example.com")
        #expect(h.drs.state.withLock { $0.sourceServerIDFilters.last } == ["s-e2", "s-e3"])
        #expect(h.drs.calls(.describeSourceServers) == 2)

        let unknown = #expect(throws: DomainError.self) {
            try h.group("B", servers: ["s-e4", "s-nope"])
        }
        #expect(unknown?.code == .invalidServers)
    }

    @Test("an explicit group in an uninitialized region is refused before anything is written")
    func explicitGroupUninitializedRegion() throws {
        let h = ExecutionHarness()
        h.drs.state.withLock { $0.uninitializedRegions = ["eu-west-3"] }
        let error = #expect(throws: DomainError.self) {
            try h.group("Paris", servers: ["s-e1"], region: "eu-west-3")
        }
        #expect(error?.code == .drsNotInitialized)
        #expect(h.store.items(.protectionGroups).isEmpty)
    }
}
