import AWSCore
import DRSLocal
import DynamoDB
import JSONCore
import TestSupport

/// A `DynamoDBClient` over a `FakeTransport`, with a fake clock and fixed jitter, and helpers to read
/// what it sent.
struct FakeDynamoDB {
    let transport: FakeTransport
    let clock: FakeClock
    let client: DynamoDBClient

    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "eu-west-1",
    ]

    init(replies: [FakeTransport.Reply] = [], handler: (@Sendable (AWSHTTPRequest) -> FakeTransport.Reply)? = nil) {
        transport = FakeTransport(replies: replies, handler: handler)
        clock = FakeClock()
        client = DynamoDBClient(
            aws: AWSClient(
                configuration: AWSConfiguration(environment: Self.environment, readFile: { _ in nil }),
                transport: transport,
                clock: clock.clock,
                random: { 0.5 }
            )
        )
    }

    /// The operations sent so far (the `X-Amz-Target` suffixes), in order.
    var operations: [String] {
        transport.requests.map { request in
            let target = request.headers["X-Amz-Target"] ?? ""
            return target.hasPrefix("DynamoDB_20120810.") ? String(target.dropFirst(18)) : "?" + target
        }
    }

    /// The JSON body of request `index`.
    func body(_ index: Int = 0) throws -> JSONValue {
        try JSONValue.parse(transport.requests[index].body)
    }
}
