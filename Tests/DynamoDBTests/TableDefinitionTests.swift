import DynamoDB
import Foundation
import Testing

@Suite("TableDefinition: CloudFormation's table properties")
struct TableDefinitionTests {
    @Test("decodes an AWS::DynamoDB::Table's properties, ignoring what CreateTable does not take")
    func decodesTemplateProperties() throws {
        let properties = #"""
            {"TableName": "drs-orchestration-plans-dev", "BillingMode": "PAY_PER_REQUEST",
             "AttributeDefinitions": [{"AttributeName": "planId", "AttributeType": "S"},
                                      {"AttributeName": "nameLower", "AttributeType": "S"}],
             "KeySchema": [{"AttributeName": "planId", "KeyType": "HASH"}],
             "GlobalSecondaryIndexes": [{"IndexName": "byName",
                                         "KeySchema": [{"AttributeName": "nameLower", "KeyType": "HASH"}],
                                         "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["planId"]}}],
             "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
             "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true}}
            """#
        let definition = try JSONDecoder().decode(TableDefinition.self, from: Data(properties.utf8))
        #expect(
            definition
                == TableDefinition(
                    tableName: "drs-orchestration-plans-dev",
                    attributeDefinitions: [.init("planId", .string), .init("nameLower", .string)],
                    keySchema: [.init("planId", .hash)],
                    globalSecondaryIndexes: [
                        .init(
                            indexName: "byName",
                            keySchema: [.init("nameLower", .hash)],
                            projection: .init(.include, nonKeyAttributes: ["planId"])
                        )
                    ],
                    billingMode: .payPerRequest
                )
        )
    }
}
