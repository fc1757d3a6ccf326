import AWSCore
import DynamoDB
import Foundation
import TestSupport
import Testing

/// The DynamoDB client against moto in server mode, every request's SigV4 signature verified by
/// moto (botocore's signer), see `MotoServer`.
@Suite("DynamoDBClient against moto (signatures verified)", .moto, .tags(.process, .network))
struct MotoDynamoDBTests {
    struct Wave: Codable, Equatable {
        var number: Int
        var serverIDs: [String]
    }

    struct Plan: Codable, Equatable {
        var pk: String
        var sk: String
        var name: String
        var version: Int64
        var big: Int64
        var ratio: Double
        var note: String?
        var waves: [Wave]
        var checksum: [UInt8]
        var createdAt: Date
    }

    static func server() throws -> MotoFixture {
        try #require(MotoFixture.current, "the suite's moto trait did not run")
    }

    /// A fresh table with a `pk` (string) partition key and, optionally, an `sk` (string) sort key and
    /// a `byGroup` global index (`group` → `sk`), active when this returns.
    static func makeTable(
        _ client: DynamoDBClient,
        _ prefix: String,
        sortKey: Bool = true,
        groupIndex: Bool = false
    ) throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        var attributes: [TableDefinition.AttributeDefinition] = [.init("pk", .string)]
        var keySchema: [TableDefinition.KeySchemaElement] = [.init("pk", .hash)]
        if sortKey {
            attributes.append(.init("sk", .string))
            keySchema.append(.init("sk", .range))
        }
        var indexes: [TableDefinition.SecondaryIndex]?
        if groupIndex {
            attributes.append(.init("group", .string))
            indexes = [.init(indexName: "byGroup", keySchema: [.init("group", .hash), .init("sk", .range)])]
        }
        try client.createTable(
            TableDefinition(
                tableName: name,
                attributeDefinitions: attributes,
                keySchema: keySchema,
                globalSecondaryIndexes: indexes
            )
        )
        try client.waitUntilTableActive(name, pollIntervalMilliseconds: 50, timeoutMilliseconds: 10_000)
        return name
    }

    @Test("moto rejects a request signed with the wrong secret, so verification is on")
    func wrongSecretRejected() throws {
        let moto = try Self.server()
        let error = try #require(throws: DynamoDBError.self) {
            try moto.dynamoDB(secretAccessKey: "not-the-secret").listTableNames()
        }
        #expect(error.status == 403, "\(error)")
        // moto answers auth failures in its XML error shape (DynamoDB itself sends JSON
        // InvalidSignatureException); AWSCore reads the code from either.
        #expect(error.rawCode == "SignatureDoesNotMatch", "\(error)")

        var unknownKey = moto.environment()
        unknownKey["AWS_ACCESS_KEY_ID"] = "AKIANOTAREALKEY00000"
        let stranger = DynamoDBClient(
            aws: AWSClient(configuration: AWSConfiguration(environment: unknownKey, readFile: { _ in nil }))
        )
        let unknown = try #require(throws: DynamoDBError.self) { try stranger.listTableNames() }
        #expect(unknown.status == 403, "\(unknown)")

        // The same request with the right secret goes through.
        _ = try moto.dynamoDB().listTableNames()
    }

    @Test("creates a table from a definition, waits for it, and reports one that exists or is missing")
    func tables() throws {
        let client = try Self.server().dynamoDB()
        let name = try Self.makeTable(client, "tables", groupIndex: true)
        let description = try client.describeTable(name)
        #expect(description.isActive)
        #expect(description.keySchema == [.init("pk", .hash), .init("sk", .range)])
        #expect(description.globalSecondaryIndexes?.map(\.indexName) == ["byGroup"])
        #expect(try client.listTableNames().contains(name))

        let again = try #require(throws: DynamoDBError.self) {
            try client.createTable(
                TableDefinition(
                    tableName: name, attributeDefinitions: [.init("pk", .string)], keySchema: [.init("pk", .hash)])
            )
        }
        #expect(again.code == .resourceInUse, "\(again)")

        try client.deleteTable(name)
        let missing = try #require(throws: DynamoDBError.self) { try client.describeTable(name) }
        #expect(missing.code == .resourceNotFound)
        #expect(missing.rawCode == "ResourceNotFoundException")
    }

    @Test("puts and gets a model through the item coder, exactly")
    func putAndGet() throws {
        let client = try Self.server().dynamoDB()
        let table = try Self.makeTable(client, "items")
        let plan = Plan(
            pk: "PLAN#1",
            sk: "META",
            name: "Web tier",
            version: 1,
            big: Int64.max,
            ratio: 0.1,
            note: nil,
            waves: [Wave(number: 1, serverIDs: ["s-1", "s-2"]), Wave(number: 2, serverIDs: [])],
            checksum: [0, 1, 255],
            createdAt: Date(timeIntervalSince1970: 1_735_689_600.5)
        )
        try client.putItem(PutItemInput(tableName: table, item: DynamoDBItemEncoder().encode(plan)))
        let item = try #require(
            try client.getItem(
                GetItemInput(tableName: table, key: ["pk": "PLAN#1", "sk": "META"], consistentRead: true))
        )
        #expect(item["big"] == .number("9223372036854775807"))
        #expect(item["note"] == nil)
        #expect(try DynamoDBItemDecoder().decode(Plan.self, from: item) == plan)

        let projected = try client.getItem(
            GetItemInput(
                tableName: table,
                key: ["pk": "PLAN#1", "sk": "META"],
                projectionExpression: "#n, version",
                expressionAttributeNames: ["#n": "name"]
            )
        )
        #expect(projected == ["name": "Web tier", "version": 1])
        #expect(try client.getItem(GetItemInput(tableName: table, key: ["pk": "PLAN#2", "sk": "META"])) == nil)
    }

    @Test("a failed condition is a typed conditionalCheckFailed carrying the existing item")
    func conditionalPut() throws {
        let client = try Self.server().dynamoDB()
        let table = try Self.makeTable(client, "conditions")
        let existing: DynamoDBItem = ["pk": "NAME#web", "sk": "NAME", "planId": "p-1"]
        try client.putItem(
            PutItemInput(tableName: table, item: existing, conditionExpression: "attribute_not_exists(pk)")
        )
        let error = try #require(throws: DynamoDBError.self) {
            try client.putItem(
                PutItemInput(
                    tableName: table,
                    item: ["pk": "NAME#web", "sk": "NAME", "planId": "p-2"],
                    conditionExpression: "attribute_not_exists(pk)",
                    returnValuesOnConditionCheckFailure: .allOld
                )
            )
        }
        #expect(error.code == .conditionalCheckFailed)
        #expect(error.rawCode == "ConditionalCheckFailedException")
        #expect(error.status == 400)
        #expect(error.operation == "PutItem")
        #expect(error.item == existing)
        #expect(try client.getItem(GetItemInput(tableName: table, key: ["pk": "NAME#web", "sk": "NAME"])) == existing)

        // Without ReturnValuesOnConditionCheckFailure there is no item, only the code.
        let bare = try #require(throws: DynamoDBError.self) {
            try client.deleteItem(
                DeleteItemInput(
                    tableName: table,
                    key: ["pk": "NAME#web", "sk": "NAME"],
                    conditionExpression: "planId = :p",
                    expressionAttributeValues: [":p": "p-9"]
                )
            )
        }
        #expect(bare.code == .conditionalCheckFailed)
        #expect(bare.item == nil)

        let deleted = try client.deleteItem(
            DeleteItemInput(
                tableName: table,
                key: ["pk": "NAME#web", "sk": "NAME"],
                conditionExpression: "planId = :p",
                expressionAttributeValues: [":p": "p-1"],
                returnValues: .allOld
            )
        )
        #expect(deleted == existing)
    }

    @Test("updates with expressions, optimistic versioning and ReturnValues")
    func updates() throws {
        let client = try Self.server().dynamoDB()
        let table = try Self.makeTable(client, "updates")
        let key: DynamoDBItem = ["pk": "EXEC#1", "sk": "META"]
        try client.putItem(
            PutItemInput(tableName: table, item: key.merging(["status": "PENDING", "version": 1, "note": "x"]) { $1 })
        )
        func advance(from version: Int, to status: String) throws -> DynamoDBItem? {
            try client.updateItem(
                UpdateItemInput(
                    tableName: table,
                    key: key,
                    updateExpression: "SET #s = :s, version = version + :one ADD ticks :one REMOVE note",
                    conditionExpression: "version = :expected",
                    expressionAttributeNames: ["#s": "status"],
                    expressionAttributeValues: [
                        ":s": .string(status), ":one": 1, ":expected": AttributeValue(version),
                    ],
                    returnValues: .allNew,
                    returnValuesOnConditionCheckFailure: .allOld
                )
            )
        }
        #expect(
            try advance(from: 1, to: "RUNNING") == key.merging(["status": "RUNNING", "version": 2, "ticks": 1]) { $1 })

        // A second writer still holding version 1 loses, and sees the current item.
        let stale = try #require(throws: DynamoDBError.self) { try advance(from: 1, to: "CANCELLED") }
        #expect(stale.code == .conditionalCheckFailed)
        #expect(stale.item?["version"] == 2)
        #expect(stale.item?["status"] == "RUNNING")

        let old = try client.updateItem(
            UpdateItemInput(
                tableName: table,
                key: key,
                updateExpression: "SET #s = :s",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":s": "COMPLETED"],
                returnValues: .updatedOld
            )
        )
        #expect(old == ["status": "RUNNING"])
    }

    @Test("a cancelled transaction tells which item's condition failed, and writes nothing")
    func transactions() throws {
        let client = try Self.server().dynamoDB()
        let table = try Self.makeTable(client, "transactions")
        let taken: DynamoDBItem = ["pk": "NAME#web", "sk": "NAME", "planId": "p-1"]
        try client.putItem(PutItemInput(tableName: table, item: taken))

        let error = try #require(throws: DynamoDBError.self) {
            try client.transactWriteItems([
                .put(
                    tableName: table,
                    item: ["pk": "PLAN#2", "sk": "META", "name": "web"],
                    conditionExpression: "attribute_not_exists(pk)"
                ),
                .put(
                    tableName: table,
                    item: ["pk": "NAME#web", "sk": "NAME", "planId": "p-2"],
                    conditionExpression: "attribute_not_exists(pk)",
                    returnValuesOnConditionCheckFailure: .allOld
                ),
                .update(
                    tableName: table,
                    key: ["pk": "COUNTER", "sk": "PLANS"],
                    updateExpression: "ADD n :one",
                    expressionAttributeValues: [":one": 1]
                ),
            ])
        }
        #expect(error.code == .transactionCanceled, "\(error)")
        #expect(error.rawCode == "TransactionCanceledException")
        #expect(error.cancellationReasons.map(\.code) == ["None", "ConditionalCheckFailed", "None"])
        #expect(error.failedItemIndices == [1])
        #expect(error.cancellationReasons[1].item == taken)
        #expect(try client.getItem(GetItemInput(tableName: table, key: ["pk": "PLAN#2", "sk": "META"])) == nil)
        #expect(try client.getItem(GetItemInput(tableName: table, key: ["pk": "COUNTER", "sk": "PLANS"])) == nil)

        // A failing condition check cancels too, and is reported at its position.
        let check = try #require(throws: DynamoDBError.self) {
            try client.transactWriteItems([
                .conditionCheck(
                    tableName: table,
                    key: ["pk": "NAME#web", "sk": "NAME"],
                    conditionExpression: "planId = :p",
                    expressionAttributeValues: [":p": "p-other"]
                ),
                .delete(tableName: table, key: ["pk": "NAME#web", "sk": "NAME2"]),
            ])
        }
        #expect(check.code == .transactionCanceled)
        #expect(check.failedItemIndices == [0])

        try client.transactWriteItems(
            [
                .put(
                    tableName: table,
                    item: ["pk": "PLAN#2", "sk": "META", "name": "web2"],
                    conditionExpression: "attribute_not_exists(pk)"
                ),
                .put(
                    tableName: table,
                    item: ["pk": "NAME#web2", "sk": "NAME", "planId": "p-2"],
                    conditionExpression: "attribute_not_exists(pk)"
                ),
                .conditionCheck(
                    tableName: table,
                    key: ["pk": "NAME#web", "sk": "NAME"],
                    conditionExpression: "planId = :p",
                    expressionAttributeValues: [":p": "p-1"]
                ),
                .delete(tableName: table, key: ["pk": "NAME#web", "sk": "NAME2"]),
            ],
            clientRequestToken: UUID().uuidString
        )
        #expect(
            try client.getItem(GetItemInput(tableName: table, key: ["pk": "PLAN#2", "sk": "META"]))?["name"] == "web2")
    }

    @Test("queryAll and scanAll follow LastEvaluatedKey over more than 1 MB of data")
    func largePagination() throws {
        let moto = try Self.server()
        let recorder = RecordingTransport(moto.transport)
        let client = moto.dynamoDB(transport: recorder)
        let table = try Self.makeTable(client, "large")
        let filler = String(repeating: "x", count: 60_000)
        for index in 0..<30 {
            try client.putItem(
                PutItemInput(
                    tableName: table,
                    item: ["pk": "BIG", "sk": .string(String(format: "item-%02d", index)), "data": .string(filler)]
                )
            )
        }
        // 30 × 60 KB = 1.8 MB: more than one 1 MB page.
        let first = try client.queryPage(
            QueryInput(tableName: table, keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": "BIG"])
        )
        #expect(first.lastEvaluatedKey != nil)
        #expect(first.items.count < 30)

        let before = recorder.count("Query")
        let items = try client.queryAll(
            QueryInput(tableName: table, keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": "BIG"])
        )
        #expect(items.count == 30)
        #expect(items.map { $0["sk"]?.stringValue ?? "" } == (0..<30).map { String(format: "item-%02d", $0) })
        #expect(recorder.count("Query") - before >= 2)

        let scanned = try client.scanAll(ScanInput(tableName: table))
        #expect(scanned.count == 30)
        #expect(Set(scanned.compactMap { $0["sk"] }).count == 30)
    }

    @Test("small Limit pages: queryAll, scanAll, filters, order, index and parallel segments return everything")
    func limitPagination() throws {
        let moto = try Self.server()
        let recorder = RecordingTransport(moto.transport)
        let client = moto.dynamoDB(transport: recorder)
        let table = try Self.makeTable(client, "limit", groupIndex: true)
        let sortKeys = (0..<25).map { String(format: "%03d", $0) }
        for (index, sortKey) in sortKeys.enumerated() {
            try client.putItem(
                PutItemInput(
                    tableName: table,
                    item: [
                        "pk": "P", "sk": .string(sortKey), "even": .bool(index % 2 == 0),
                        "group": .string(index < 10 ? "a" : "b"),
                    ]
                )
            )
        }
        let query = QueryInput(
            tableName: table,
            keyConditionExpression: "pk = :p",
            expressionAttributeValues: [":p": "P"],
            limit: 4
        )
        #expect(try client.queryAll(query).compactMap { $0["sk"]?.stringValue } == sortKeys)
        #expect(recorder.count("Query") >= 7)

        var descending = query
        descending.scanIndexForward = false
        #expect(try client.queryAll(descending).compactMap { $0["sk"]?.stringValue } == sortKeys.reversed())

        var filtered = query
        filtered.filterExpression = "even = :t"
        filtered.expressionAttributeValues?[":t"] = true
        filtered.projectionExpression = "sk"
        let evens = try client.queryAll(filtered)
        #expect(evens.count == 13)
        #expect(evens.allSatisfy { $0.keys.sorted() == ["sk"] })

        let byGroup = try client.queryAll(
            QueryInput(
                tableName: table,
                indexName: "byGroup",
                keyConditionExpression: "#g = :g AND sk >= :from",
                expressionAttributeNames: ["#g": "group"],
                expressionAttributeValues: [":g": "b", ":from": "020"],
                limit: 2
            )
        )
        #expect(byGroup.compactMap { $0["sk"]?.stringValue } == ["020", "021", "022", "023", "024"])

        #expect(try client.scanAll(ScanInput(tableName: table, limit: 3)).count == 25)

        // Page by page, as an API handing out pagination tokens would.
        var pages = 0
        var collected: [DynamoDBItem] = []
        var token: DynamoDBItem?
        repeat {
            let page = try client.scanPage(ScanInput(tableName: table, limit: 10, exclusiveStartKey: token))
            collected += page.items
            token = page.lastEvaluatedKey
            pages += 1
        } while token != nil
        #expect(collected.count == 25)
        #expect(pages >= 3)

        let segments = try (0..<2).map { segment in
            try client.scanAll(ScanInput(tableName: table, limit: 5, segment: segment, totalSegments: 2))
        }
        #expect(segments[0].count + segments[1].count == 25)
        #expect(Set(segments[0] + segments[1]).count == 25)
    }

    @Test("batchGetItem reads more than 100 keys across tables, skipping missing ones")
    func batchGet() throws {
        let client = try Self.server().dynamoDB()
        let plans = try Self.makeTable(client, "batch-plans", sortKey: false)
        let groups = try Self.makeTable(client, "batch-groups", sortKey: false)
        for index in 0..<150 {
            try client.putItem(
                PutItemInput(tableName: plans, item: ["pk": .string("p\(index)"), "n": AttributeValue(index)]))
        }
        for index in 0..<5 {
            try client.putItem(PutItemInput(tableName: groups, item: ["pk": .string("g\(index)")]))
        }
        let result = try client.batchGetItem([
            plans: KeysAndAttributes(keys: (0..<150).map { ["pk": .string("p\($0)")] }, consistentRead: true),
            groups: KeysAndAttributes(
                keys: (0..<10).map { ["pk": .string("g\($0)")] },
                projectionExpression: "#k",
                expressionAttributeNames: ["#k": "pk"]
            ),
        ])
        #expect(result[plans]?.count == 150)
        #expect(Set(result[plans]?.compactMap { $0["n"]?.int64Value } ?? []) == Set(0..<150))
        #expect(result[groups]?.count == 5)
    }

    @Test("batchGetItem asks again for the keys moto leaves unprocessed past 16 MB")
    func batchGetUnprocessed() throws {
        let moto = try Self.server()
        let recorder = RecordingTransport(moto.transport)
        let client = moto.dynamoDB(transport: recorder)
        let table = try Self.makeTable(client, "batch-large", sortKey: false)
        // 60 items of ~350 KB: about 21 MB, more than one BatchGetItem answer may hold.
        let filler = String(repeating: "y", count: 350_000)
        for index in 0..<60 {
            try client.putItem(
                PutItemInput(tableName: table, item: ["pk": .string("k\(index)"), "data": .string(filler)]))
        }
        let result = try client.batchGetItem([
            table: KeysAndAttributes(keys: (0..<60).map { ["pk": .string("k\($0)")] })
        ])
        #expect(result[table]?.count == 60)
        #expect(Set(result[table]?.compactMap { $0["pk"]?.stringValue } ?? []).count == 60)
        #expect(recorder.count("BatchGetItem") >= 2, "moto should have left keys unprocessed")
    }
}
