import AWSCore
import DynamoDB
import TestSupport
import Testing

@Suite("DynamoDBError: typed failures from DynamoDB's answers")
struct DynamoDBErrorTests {
    /// A TransactionCanceledException body as DynamoDB sends it (three items, the second failed its
    /// condition with ReturnValuesOnConditionCheckFailure = ALL_OLD, the third conflicted).
    static let transactionCanceledBody = #"""
        {"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
         "CancellationReasons":[
           {"Code":"None"},
           {"Code":"ConditionalCheckFailed","Item":{"pk":{"S":"NAME#web"},"planId":{"S":"p-1"}},
            "Message":"The conditional request failed"},
           {"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}],
         "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons \#
        [None, ConditionalCheckFailed, TransactionConflict]"}
        """#

    @Test("exposes per-item cancellation reasons of a cancelled transaction")
    func transactionCanceled() throws {
        let fake = FakeDynamoDB(replies: [.json(400, Self.transactionCanceledBody)])
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.transactWriteItems([
                .put(tableName: "plans", item: ["pk": "p-2"]),
                .put(tableName: "names", item: ["pk": "NAME#web"], conditionExpression: "attribute_not_exists(pk)"),
                .update(tableName: "groups", key: ["pk": "g"], updateExpression: "SET n = :n"),
            ])
        }
        #expect(error.code == .transactionCanceled)
        #expect(error.operation == "TransactWriteItems")
        #expect(error.rawCode == "TransactionCanceledException")
        #expect(error.status == 400)
        #expect(error.message.hasPrefix("Transaction cancelled"))
        #expect(
            error.cancellationReasons == [
                CancellationReason(code: "None"),
                CancellationReason(
                    code: "ConditionalCheckFailed",
                    message: "The conditional request failed",
                    item: ["pk": "NAME#web", "planId": "p-1"]
                ),
                CancellationReason(code: "TransactionConflict", message: "Transaction is ongoing for the item"),
            ]
        )
        #expect(error.failedItemIndices == [1, 2])
        #expect(error.cancellationReasons.map(\.isConditionalCheckFailed) == [false, true, false])
        #expect(error.description.contains("ConditionalCheckFailed"))
        #expect(fake.transport.calls.count == 1, "a cancelled transaction is not retried")
    }

    @Test("a failed condition is conditionalCheckFailed, with the existing item when it was asked for")
    func conditionalCheckFailed() throws {
        let body = #"""
            {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
             "message":"The conditional request failed","Item":{"pk":{"S":"a"},"version":{"N":"4"}}}
            """#
        let fake = FakeDynamoDB(replies: [.json(400, body), .awsError(400, code: "ConditionalCheckFailedException")])
        let input = PutItemInput(
            tableName: "plans",
            item: ["pk": "a"],
            conditionExpression: "version = :v",
            expressionAttributeValues: [":v": 3],
            returnValuesOnConditionCheckFailure: .allOld
        )
        let error = try #require(throws: DynamoDBError.self) { try fake.client.putItem(input) }
        #expect(error.code == .conditionalCheckFailed)
        #expect(error.rawCode == "ConditionalCheckFailedException")
        #expect(error.message == "The conditional request failed")
        #expect(error.item == ["pk": "a", "version": 4])

        let bare = try #require(throws: DynamoDBError.self) { try fake.client.putItem(input) }
        #expect(bare.code == .conditionalCheckFailed)
        #expect(bare.item == nil)
    }

    @Test(
        "maps AWS error codes to the codes callers branch on",
        arguments: [
            ("ResourceNotFoundException", 400, DynamoDBError.Code.resourceNotFound),
            ("ResourceInUseException", 400, .resourceInUse),
            ("ValidationException", 400, .validation),
            ("ProvisionedThroughputExceededException", 400, .throttled),
            ("ThrottlingException", 400, .throttled),
            ("AccessDeniedException", 400, .other),
            ("InternalServerError", 500, .other),
        ]
    )
    func codes(rawCode: String, status: Int, expected: DynamoDBError.Code) throws {
        // Enough replies for the retries of the retryable ones.
        let reply = FakeTransport.Reply.awsError(status, code: rawCode, message: "m")
        let fake = FakeDynamoDB(replies: [reply, reply, reply])
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"]))
        }
        #expect(error.code == expected)
        #expect(error.rawCode == rawCode)
        #expect(error.status == status)
        #expect(error.message == "m")
        #expect(error.serviceError?.rawCode == rawCode)
    }

    @Test("throttling is retried before it surfaces as throttled")
    func throttledAfterRetries() throws {
        let throttled = FakeTransport.Reply.awsError(400, code: "ProvisionedThroughputExceededException")
        let fake = FakeDynamoDB(replies: [throttled, throttled, .json(200, #"{"Item":{"pk":{"S":"a"}}}"#)])
        #expect(try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"])) == ["pk": "a"])
        #expect(fake.transport.calls.count == 3)
    }

    @Test("an undecodable success is invalidResponse, not a crash")
    func invalidResponse() throws {
        let fake = FakeDynamoDB(replies: [.json(200, #"{"Item":{"pk":{"X":"?"}}}"#)])
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"]))
        }
        #expect(error.code == .invalidResponse)
        #expect(error.serviceError == nil)
    }

    @Test("transport failures pass through as TransportError")
    func transportFailure() {
        let failure = FakeTransport.Reply.transportFailure(.connectionFailed)
        let fake = FakeDynamoDB(replies: [failure, failure, failure])
        #expect(throws: TransportError.self) {
            try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"]))
        }
    }
}
