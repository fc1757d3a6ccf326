/// What AWSCore needs to know about a service to call it: names for signing, endpoints and the
/// endpoint variable, the protocol's fixed headers, and the signer's options.
package struct AWSService: Sendable {
    /// The SigV4 signing name (credential scope), e.g. `dynamodb`, `drs`.
    package var signingName: String
    /// The first label of the default host name: `{endpointPrefix}.{region}.amazonaws.com`.
    package var endpointPrefix: String
    /// The SDK service id, which names the endpoint variable: `DynamoDB` → `AWS_ENDPOINT_URL_DYNAMODB`.
    package var serviceID: String
    /// Headers every request of the protocol carries, e.g. `Content-Type: application/x-amz-json-1.0`.
    package var headers: AWSHTTPHeaders
    /// How SigV4 is applied for this service (path normalization, content hash header, …).
    package var signerOptions: SigV4Signer.Options

    /// A service descriptor; `endpointPrefix` defaults to `signingName`.
    package init(
        signingName: String,
        endpointPrefix: String? = nil,
        serviceID: String,
        headers: AWSHTTPHeaders = AWSHTTPHeaders(),
        signerOptions: SigV4Signer.Options = SigV4Signer.Options()
    ) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix ?? signingName
        self.serviceID = serviceID
        self.headers = headers
        self.signerOptions = signerOptions
    }

    /// DynamoDB, AWS JSON 1.0 protocol: `POST /` with `X-Amz-Target: DynamoDB_20120810.<Operation>`
    /// (set per request) and `Content-Type: application/x-amz-json-1.0`.
    package static let dynamoDB = AWSService(
        signingName: "dynamodb",
        serviceID: "DynamoDB",
        headers: ["Content-Type": "application/x-amz-json-1.0"]
    )

    /// Elastic Disaster Recovery, REST-JSON protocol (`POST /DescribeSourceServers`, …).
    package static let drs = AWSService(
        signingName: "drs",
        serviceID: "drs",
        headers: ["Content-Type": "application/json"]
    )
}
