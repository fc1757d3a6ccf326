import DRSLocal
import DynamoDB
import Foundation
import JSONCore
import Orchestrator
import Testing

/// The tables' indexes in `template.yaml` are the ones the store reads (`StoreIndex`): what drs-local
/// creates locally and CloudFormation in AWS.
@Suite("Template indexes")
struct TemplateIndexTests {
    static let template = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("template.yaml").path

    /// The table named `name`-`dev`, decoded as CreateTable's input.
    static func table(_ name: String) throws -> TableDefinition {
        let template = try SAMTemplate(contentsOfFile: Self.template)
        let table = try #require(template.tables.first { $0.tableName == "drs-orchestration-\(name)-dev" })
        return try JSONDecoder().decode(TableDefinition.self, from: Data(table.properties.jsonBytes))
    }

    static func index(_ name: String, of table: TableDefinition) throws -> TableDefinition.SecondaryIndex {
        try #require(table.globalSecondaryIndexes?.first { $0.indexName == name })
    }

    static func keys(_ index: TableDefinition.SecondaryIndex) -> [String] {
        index.keySchema.map(\.attributeName)
    }

    @Test("plans and groups are listed through ByName: partition kind, sort nameKey, every attribute")
    func byName() throws {
        for name in ["recovery-plans", "protection-groups"] {
            let index = try Self.index(StoreIndex.byName, of: try Self.table(name))
            #expect(Self.keys(index) == [RecordKey.kind, StoreIndex.nameKey], "\(name)")
            #expect(index.projection.projectionType == .all, "\(name)")
        }
    }

    @Test("executing plans are found through the sparse, keys-only ByActiveExecution index")
    func byActiveExecution() throws {
        let index = try Self.index(StoreIndex.byActiveExecution, of: try Self.table("recovery-plans"))
        #expect(Self.keys(index) == [StoreIndex.activeExecutionID])
        #expect(index.projection.projectionType == .keysOnly)
    }

    @Test("one plan's executions are read newest first through ByPlan")
    func byPlan() throws {
        let index = try Self.index(StoreIndex.byPlan, of: try Self.table("execution-history"))
        #expect(Self.keys(index) == ["planId", "startTime"])
        #expect(index.projection.projectionType == .all)
    }
}
