/// The Cognito user-pool authorizer that guards an API route (SAM's `Auth.Authorizers` entry with
/// a `UserPoolArn`): a request needs a valid IdToken of one of the pools in `identityHeader`.
package struct SAMAuthorizer: Sendable, Hashable {
    /// The authorizer's name under `Auth.Authorizers` (`CognitoAuthorizer`).
    package var name: String
    /// Logical IDs of the template's pools the authorizer accepts (`UserPoolArn: !GetAtt Pool.Arn`).
    package var userPoolLogicalIDs: [String]
    /// Pool ARNs written literally (pools outside the template).
    package var userPoolARNs: [String]
    /// The request header carrying the token (`Identity.Header`, default `Authorization`).
    package var identityHeader: String

    package init(
        name: String, userPoolLogicalIDs: [String], userPoolARNs: [String] = [],
        identityHeader: String = "Authorization"
    ) {
        self.name = name
        self.userPoolLogicalIDs = userPoolLogicalIDs
        self.userPoolARNs = userPoolARNs
        self.identityHeader = identityHeader
    }
}
