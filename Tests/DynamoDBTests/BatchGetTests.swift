import AWSCore
import DRSLocal
import DynamoDB
import Foundation
import JSONCore
import TestSupport
import Testing

@Suite("DynamoDBClient.batchGetItem: chunks and unprocessed keys")
struct BatchGetTests {
    static func keys(_ prefix: String, _ count: Int) -> [DynamoDBItem] {
        (0..<count).map { ["pk": .string("\(prefix)\($0)")] }
    }

    /// `{"Responses": {table: [keys as items]}, "UnprocessedKeys": …}` JSON.
    static func reply(found: [String: [DynamoDBItem]], unprocessed: [String: [DynamoDBItem]] = [:]) throws
        -> FakeTransport.Reply
    {
        struct Body: Encodable {
            var Responses: [String: [DynamoDBItem]]
            var UnprocessedKeys: [String: KeysAndAttributes]
        }
        let body = Body(Responses: found, UnprocessedKeys: unprocessed.mapValues { KeysAndAttributes(keys: $0) })
        return .json(200, String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
    }

    /// The keys each request asked for, per table.
    static func requestedKeys(_ fake: FakeDynamoDB, _ index: Int) throws -> [String: Int] {
        guard case .object(let tables)? = try fake.body(index)["RequestItems"] else { return [:] }
        return tables.mapValues { table in
            if case .array(let keys)? = table["Keys"] { return keys.count }
            return -1
        }
    }

    @Test("retries unprocessed keys with backoff until every key is read")
    func retriesUnprocessed() throws {
        let all = Self.keys("k", 5)
        let fake = FakeDynamoDB(replies: [
            try Self.reply(found: ["t": Array(all[0..<2])], unprocessed: ["t": Array(all[2...])]),
            try Self.reply(found: [:], unprocessed: ["t": Array(all[2...])]),
            try Self.reply(found: ["t": Array(all[2..<4])], unprocessed: ["t": [all[4]]]),
            try Self.reply(found: ["t": [all[4]]]),
        ])
        let result = try fake.client.batchGetItem(["t": KeysAndAttributes(keys: all, consistentRead: true)])
        #expect(result["t"]?.count == 5)
        #expect(Set(result["t"] ?? []) == Set(all))
        #expect(fake.operations == Array(repeating: "BatchGetItem", count: 4))
        #expect(try (0..<4).map { try Self.requestedKeys(fake, $0)["t"] } == [5, 3, 3, 1])
        // The retried keys keep the table's options.
        #expect(try fake.body(1)["RequestItems"]?["t"]?["ConsistentRead"] == .bool(true))
        // Full jitter with random 0.5: half of 100 ms after progress; half of 200 ms after a round
        // without progress; back to the first step once progress resumes.
        #expect(fake.clock.sleeps == [50, 100, 50])
    }

    @Test("sends more than 100 keys in chunks of at most 100, across tables")
    func chunks() throws {
        let plans = Self.keys("p", 150)
        let groups = Self.keys("g", 60)
        let fake = FakeDynamoDB(handler: { request in
            // Echo every requested key back as a found item.
            guard
                let body = try? JSONDecoder().decode(
                    [String: [String: KeysAndAttributes]].self, from: Data(request.body)),
                let items = body["RequestItems"],
                let reply = try? BatchGetTests.reply(found: items.mapValues(\.keys))
            else { return .awsError(400, code: "ValidationException") }
            return reply
        })
        let result = try fake.client.batchGetItem([
            "plans": KeysAndAttributes(keys: plans),
            "groups": KeysAndAttributes(keys: groups, projectionExpression: "pk"),
        ])
        #expect(result["plans"]?.count == 150)
        #expect(result["groups"]?.count == 60)
        #expect(fake.operations.count == 3)
        // Tables in name order: groups (60) + 40 plans, then 100 plans, then the last 10.
        #expect(
            try (0..<3).map { try Self.requestedKeys(fake, $0) } == [
                ["groups": 60, "plans": 40], ["plans": 100], ["plans": 10],
            ])
        #expect(try fake.body(0)["RequestItems"]?["groups"]?["ProjectionExpression"] == .string("pk"))
    }

    @Test("gives up as throttled after too many rounds without progress")
    func givesUp() throws {
        let key: DynamoDBItem = ["pk": "a"]
        let stuck = try Self.reply(found: [:], unprocessed: ["t": [key]])
        let fake = FakeDynamoDB(handler: { _ in stuck })
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.batchGetItem(["t": KeysAndAttributes(keys: [key])])
        }
        #expect(error.code == .throttled)
        #expect(error.operation == "BatchGetItem")
        #expect(fake.operations.count == 8)
        #expect(fake.clock.sleeps == [100, 200, 400, 800, 1600, 3200, 6400])
    }

    @Test("stops before a round that could not finish by the deadline")
    func deadline() throws {
        let key: DynamoDBItem = ["pk": "a"]
        let stuck = try Self.reply(found: [:], unprocessed: ["t": [key]])
        let fake = FakeDynamoDB(handler: { _ in stuck })
        let deadline = fake.clock.nowMilliseconds + 500
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.batchGetItem(["t": KeysAndAttributes(keys: [key])], deadlineMilliseconds: deadline)
        }
        #expect(error.code == .throttled)
        #expect(error.message.contains("deadline"))
        #expect(fake.clock.nowMilliseconds <= deadline)
        #expect(fake.clock.sleeps == [100, 200])
    }
}
