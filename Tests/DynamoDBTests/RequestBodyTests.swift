import AWSCore
import DRSLocal
import DynamoDB
import JSONCore
import TestSupport
import Testing

@Suite("DynamoDBClient: the requests each operation sends")
struct RequestBodyTests {
    @Test("GetItem sends the key, ConsistentRead and projection, and returns the item or nil")
    func getItem() throws {
        let fake = FakeDynamoDB(replies: [.json(200, #"{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#), .json(200, "{}")])
        let input = GetItemInput(
            tableName: "plans",
            key: ["pk": "a"],
            consistentRead: true,
            projectionExpression: "#n",
            expressionAttributeNames: ["#n": "n"]
        )
        #expect(try fake.client.getItem(input) == ["pk": "a", "n": 1])
        #expect(try fake.client.getItem(input) == nil)

        let request = fake.transport.requests[0]
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.url == "https://dynamodb.eu-west-1.amazonaws.com/")
        #expect(request.headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem")
        #expect(request.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(request.headers["Authorization"]?.contains("/eu-west-1/dynamodb/aws4_request") == true)
        #expect(
            try fake.body()
                == JSONValue.parse(
                    ##"{"TableName":"plans","Key":{"pk":{"S":"a"}},"ConsistentRead":true,"##
                        + ##""ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":"n"}}"##
                )
        )
    }

    @Test("PutItem sends the item, condition, names, values and both ReturnValues options")
    func putItem() throws {
        let fake = FakeDynamoDB(replies: [.json(200, #"{"Attributes":{"pk":{"S":"old"}}}"#)])
        let old = try fake.client.putItem(
            PutItemInput(
                tableName: "plans",
                item: ["pk": "a", "tags": .stringSet(["x"]), "blob": .binary([1])],
                conditionExpression: "attribute_not_exists(pk) OR #v < :v",
                expressionAttributeNames: ["#v": "version"],
                expressionAttributeValues: [":v": 3],
                returnValues: .allOld,
                returnValuesOnConditionCheckFailure: .allOld
            )
        )
        #expect(old == ["pk": "old"])
        #expect(fake.operations == ["PutItem"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"TableName":"plans","Item":{"pk":{"S":"a"},"tags":{"SS":["x"]},"blob":{"B":"AQ=="}},
                     "ConditionExpression":"attribute_not_exists(pk) OR #v < :v",
                     "ExpressionAttributeNames":{"#v":"version"},"ExpressionAttributeValues":{":v":{"N":"3"}},
                     "ReturnValues":"ALL_OLD","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}
                    """#
                )
        )
    }

    @Test("UpdateItem sends the update and condition expressions and returns the new attributes")
    func updateItem() throws {
        let fake = FakeDynamoDB(replies: [.json(200, #"{"Attributes":{"version":{"N":"4"}}}"#)])
        let new = try fake.client.updateItem(
            UpdateItemInput(
                tableName: "executions",
                key: ["pk": "e", "sk": "META"],
                updateExpression: "SET #s = :s, version = version + :one",
                conditionExpression: "version = :expected",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":s": "RUNNING", ":one": 1, ":expected": 3],
                returnValues: .updatedNew
            )
        )
        #expect(new == ["version": 4])
        #expect(fake.operations == ["UpdateItem"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"TableName":"executions","Key":{"pk":{"S":"e"},"sk":{"S":"META"}},
                     "UpdateExpression":"SET #s = :s, version = version + :one",
                     "ConditionExpression":"version = :expected","ExpressionAttributeNames":{"#s":"status"},
                     "ExpressionAttributeValues":{":s":{"S":"RUNNING"},":one":{"N":"1"},":expected":{"N":"3"}},
                     "ReturnValues":"UPDATED_NEW"}
                    """#
                )
        )
    }

    @Test("DeleteItem sends the key and condition; omitted options are not sent")
    func deleteItem() throws {
        let fake = FakeDynamoDB(replies: [.json(200, "{}")])
        let deleted = try fake.client.deleteItem(
            DeleteItemInput(tableName: "plans", key: ["pk": "a"], conditionExpression: "attribute_exists(pk)")
        )
        #expect(deleted == nil)
        #expect(fake.operations == ["DeleteItem"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"{"TableName":"plans","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_exists(pk)"}"#
                )
        )
    }

    @Test("Query sends every option and returns the page with its LastEvaluatedKey")
    func query() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Items":[{"pk":{"S":"a"}}],"Count":1,"ScannedCount":2,"LastEvaluatedKey":{"pk":{"S":"a"}}}"#)
        ])
        let page = try fake.client.queryPage(
            QueryInput(
                tableName: "plans",
                indexName: "byName",
                keyConditionExpression: "nameLower = :n",
                filterExpression: "#s <> :done",
                projectionExpression: "pk, #s",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":n": "x", ":done": "DONE"],
                scanIndexForward: false,
                limit: 10,
                exclusiveStartKey: ["pk": "z"],
                consistentRead: false
            )
        )
        #expect(page == DynamoDBPage(items: [["pk": "a"]], lastEvaluatedKey: ["pk": "a"], scannedCount: 2))
        #expect(fake.operations == ["Query"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"TableName":"plans","IndexName":"byName","KeyConditionExpression":"nameLower = :n",
                     "FilterExpression":"#s <> :done","ProjectionExpression":"pk, #s",
                     "ExpressionAttributeNames":{"#s":"status"},
                     "ExpressionAttributeValues":{":n":{"S":"x"},":done":{"S":"DONE"}},
                     "ScanIndexForward":false,"Limit":10,"ExclusiveStartKey":{"pk":{"S":"z"}},"ConsistentRead":false}
                    """#
                )
        )
    }

    @Test("Scan sends the filter, limit and parallel-scan segment")
    func scan() throws {
        let fake = FakeDynamoDB(replies: [.json(200, #"{"Items":[],"Count":0,"ScannedCount":0}"#)])
        let page = try fake.client.scanPage(
            ScanInput(
                tableName: "plans",
                filterExpression: "begins_with(pk, :p)",
                expressionAttributeValues: [":p": "PLAN#"],
                limit: 5,
                segment: 1,
                totalSegments: 4
            )
        )
        #expect(page == DynamoDBPage(items: []))
        #expect(fake.operations == ["Scan"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"TableName":"plans","FilterExpression":"begins_with(pk, :p)",
                     "ExpressionAttributeValues":{":p":{"S":"PLAN#"}},"Limit":5,"Segment":1,"TotalSegments":4}
                    """#
                )
        )
    }

    @Test("TransactWriteItems sends each action under its own key, with the ClientRequestToken")
    func transactWriteItems() throws {
        let fake = FakeDynamoDB(replies: [.json(200, "{}")])
        try fake.client.transactWriteItems(
            [
                .put(tableName: "names", item: ["pk": "NAME#x"], conditionExpression: "attribute_not_exists(pk)"),
                .update(
                    tableName: "plans",
                    key: ["pk": "p"],
                    updateExpression: "SET version = :v",
                    expressionAttributeValues: [":v": 2],
                    returnValuesOnConditionCheckFailure: .allOld
                ),
                .delete(tableName: "names", key: ["pk": "NAME#old"]),
                .conditionCheck(
                    tableName: "groups",
                    key: ["pk": "g"],
                    conditionExpression: "attribute_exists(pk)"
                ),
            ],
            clientRequestToken: "token-1"
        )
        #expect(fake.operations == ["TransactWriteItems"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"ClientRequestToken":"token-1","TransactItems":[
                      {"Put":{"TableName":"names","Item":{"pk":{"S":"NAME#x"}},
                              "ConditionExpression":"attribute_not_exists(pk)"}},
                      {"Update":{"TableName":"plans","Key":{"pk":{"S":"p"}},"UpdateExpression":"SET version = :v",
                                 "ExpressionAttributeValues":{":v":{"N":"2"}},
                                 "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                      {"Delete":{"TableName":"names","Key":{"pk":{"S":"NAME#old"}}}},
                      {"ConditionCheck":{"TableName":"groups","Key":{"pk":{"S":"g"}},
                                         "ConditionExpression":"attribute_exists(pk)"}}]}
                    """#
                )
        )
    }

    @Test("BatchGetItem sends RequestItems with each table's options")
    func batchGetItem() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Responses":{"plans":[{"pk":{"S":"a"}}],"groups":[]},"UnprocessedKeys":{}}"#)
        ])
        let result = try fake.client.batchGetItem([
            "plans": KeysAndAttributes(
                keys: [["pk": "a"], ["pk": "b"]],
                consistentRead: true,
                projectionExpression: "#n",
                expressionAttributeNames: ["#n": "name"]
            ),
            "groups": KeysAndAttributes(keys: [["pk": "g"]]),
        ])
        #expect(result == ["plans": [["pk": "a"]], "groups": []])
        #expect(fake.operations == ["BatchGetItem"])
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"RequestItems":{
                      "groups":{"Keys":[{"pk":{"S":"g"}}]},
                      "plans":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true,
                               "ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":"name"}}}}
                    """#
                )
        )
    }

    /// A DescribeTable answer for an active table whose index `byName` has `indexStatus`.
    static func describeTable(indexStatus: String) -> FakeTransport.Reply {
        .json(
            200,
            #"{"Table":{"TableName":"plans","TableStatus":"ACTIVE","#
                + #""GlobalSecondaryIndexes":[{"IndexName":"byName","IndexStatus":"\#(indexStatus)"}]}}"#
        )
    }

    @Test("CreateTable defaults to pay-per-request and sends the key schema and indexes")
    func createTable() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"TableDescription":{"TableName":"plans","TableStatus":"CREATING"}}"#),
            Self.describeTable(indexStatus: "CREATING"),
            Self.describeTable(indexStatus: "ACTIVE"),
        ])
        let created = try fake.client.createTable(
            TableDefinition(
                tableName: "plans",
                attributeDefinitions: [.init("pk", .string), .init("nameLower", .string)],
                keySchema: [.init("pk", .hash)],
                globalSecondaryIndexes: [
                    .init(indexName: "byName", keySchema: [.init("nameLower", .hash)], projection: .init(.keysOnly))
                ]
            )
        )
        #expect(created.tableStatus == "CREATING")
        #expect(
            try fake.body()
                == JSONValue.parse(
                    #"""
                    {"TableName":"plans","BillingMode":"PAY_PER_REQUEST",
                     "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                                             {"AttributeName":"nameLower","AttributeType":"S"}],
                     "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                     "GlobalSecondaryIndexes":[{"IndexName":"byName",
                        "KeySchema":[{"AttributeName":"nameLower","KeyType":"HASH"}],
                        "Projection":{"ProjectionType":"KEYS_ONLY"}}]}
                    """#
                )
        )
        let active = try fake.client.waitUntilTableActive("plans", pollIntervalMilliseconds: 100)
        #expect(active.isActive)
        #expect(fake.operations == ["CreateTable", "DescribeTable", "DescribeTable"])
        #expect(try fake.body(1) == JSONValue.parse(#"{"TableName":"plans"}"#))
        #expect(fake.clock.sleeps == [100], "waits one poll interval while the index is still CREATING")
    }

    @Test("passes the deadline to every attempt and stops retrying when it has passed")
    func deadline() throws {
        let fake = FakeDynamoDB(replies: [.awsError(500, code: "InternalServerError"), .json(200, "{}")])
        let deadline = fake.clock.nowMilliseconds + 2_000
        _ = try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"]), deadlineMilliseconds: deadline)
        #expect(fake.transport.calls.count == 2)
        #expect(fake.transport.calls.allSatisfy { $0.timeoutMilliseconds <= 2_000 })

        let late = FakeDynamoDB(replies: [.json(200, "{}")])
        #expect(throws: TransportError.self) {
            try late.client.getItem(
                GetItemInput(tableName: "t", key: ["pk": "a"]),
                deadlineMilliseconds: late.clock.nowMilliseconds - 1
            )
        }
        #expect(late.transport.calls.isEmpty)
    }
}
