/// One `Type: Api` event of a function: the method and resource path API Gateway routes to it.
package struct SAMRoute: Sendable, Hashable {
    /// The event's name under `Events` (`Health`, `CatchAll`, …).
    package var eventName: String
    /// Upper-cased HTTP method, or `ANY`.
    package var method: String
    /// The resource path in API Gateway syntax: `/executions/{id}/cancel`, `/{proxy+}`.
    package var path: String
    /// The stage of the REST API the event belongs to (`StageName` of its `RestApiId`, else `Prod`).
    package var stage: String
    /// The Cognito authorizer a request must pass: the event's `Auth.Authorizer`, else its API's
    /// `DefaultAuthorizer`; nil when the route is open (`Authorizer: NONE`, no authorizer, or
    /// one that is not a Cognito user-pool authorizer — see `SAMTemplate.warnings`).
    package var authorizer: SAMAuthorizer?

    package init(eventName: String, method: String, path: String, stage: String, authorizer: SAMAuthorizer? = nil) {
        self.eventName = eventName
        self.method = method.uppercased()
        self.path = path
        self.stage = stage
        self.authorizer = authorizer
    }
}
