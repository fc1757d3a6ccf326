import AWSCore
import DRSLocal
import DynamoDB
import JSONCore
import TestSupport
import Testing

@Suite("DynamoDBClient: paginators with a fake")
struct PaginationTests {
    @Test("queryAll follows LastEvaluatedKey to the end, keeping the other options")
    func queryAll() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Items":[{"n":{"N":"1"}},{"n":{"N":"2"}}],"LastEvaluatedKey":{"n":{"N":"2"}}}"#),
            .json(200, #"{"Items":[],"LastEvaluatedKey":{"n":{"N":"3"}}}"#),
            .json(200, #"{"Items":[{"n":{"N":"4"}}]}"#),
        ])
        let items = try fake.client.queryAll(
            QueryInput(
                tableName: "t",
                keyConditionExpression: "pk = :p",
                expressionAttributeValues: [":p": "a"],
                limit: 2
            )
        )
        #expect(items == [["n": 1], ["n": 2], ["n": 4]])
        #expect(fake.operations == ["Query", "Query", "Query"])
        #expect(try fake.body(0)["ExclusiveStartKey"] == nil)
        #expect(try fake.body(1)["ExclusiveStartKey"] == JSONValue.parse(#"{"n":{"N":"2"}}"#))
        #expect(try fake.body(2)["ExclusiveStartKey"] == JSONValue.parse(#"{"n":{"N":"3"}}"#))
        #expect(try fake.body(2)["Limit"] == .int(2))
    }

    @Test("scanAll starts at the given ExclusiveStartKey and stops when a page has none")
    func scanAll() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Items":[{"n":{"N":"5"}}],"LastEvaluatedKey":{"n":{"N":"5"}}}"#),
            .json(200, #"{"Items":[{"n":{"N":"6"}}]}"#),
        ])
        let items = try fake.client.scanAll(ScanInput(tableName: "t", exclusiveStartKey: ["n": 4]))
        #expect(items == [["n": 5], ["n": 6]])
        #expect(try fake.body(0)["ExclusiveStartKey"] == JSONValue.parse(#"{"n":{"N":"4"}}"#))
    }

    @Test("refuses to loop when a page repeats the key it started from")
    func repeatedKey() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Items":[],"LastEvaluatedKey":{"n":{"N":"1"}}}"#),
            .json(200, #"{"Items":[],"LastEvaluatedKey":{"n":{"N":"1"}}}"#),
        ])
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.scanAll(ScanInput(tableName: "t"))
        }
        #expect(error.code == .invalidResponse)
        #expect(fake.operations.count == 2)
    }
}
