/// One `Type: Api` event of a function: the method and resource path API Gateway routes to it.
public struct SAMRoute: Sendable, Hashable {
    /// The event's name under `Events` (`Health`, `CatchAll`, …).
    public var eventName: String
    /// Upper-cased HTTP method, or `ANY`.
    public var method: String
    /// The resource path in API Gateway syntax: `/executions/{id}/cancel`, `/{proxy+}`.
    public var path: String
    /// The stage of the REST API the event belongs to (`StageName` of its `RestApiId`, else `Prod`).
    public var stage: String

    public init(eventName: String, method: String, path: String, stage: String) {
        self.eventName = eventName
        self.method = method.uppercased()
        self.path = path
        self.stage = stage
    }
}
