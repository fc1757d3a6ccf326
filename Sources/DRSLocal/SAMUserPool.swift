import JSONCore

/// An `AWS::Cognito::UserPool` of the template with the app clients and groups that name it
/// (`UserPoolId: !Ref Pool`), every intrinsic resolved, so a local Cognito can be given the same
/// pool.
package struct SAMUserPool: Sendable, Hashable {
    package var logicalID: String
    /// `UserPoolName` resolved, else the logical ID.
    package var poolName: String
    /// `UsernameAttributes` (`["email"]`: users sign in with their email address).
    package var usernameAttributes: [String]
    /// `AutoVerifiedAttributes`.
    package var autoVerifiedAttributes: [String]
    /// `Policies.PasswordPolicy` as written (`MinimumLength`, `RequireSymbols`, …), when set.
    package var passwordPolicy: JSONValue?
    /// `MfaConfiguration`: `OFF` (the default), `OPTIONAL` or `ON`.
    package var mfaConfiguration: String
    /// The resource's `Properties`, resolved.
    package var properties: JSONValue
    /// `AWS::Cognito::UserPoolClient`s of this pool, in template order.
    package var clients: [Client]
    /// `AWS::Cognito::UserPoolGroup`s of this pool, in template order.
    package var groups: [Group]

    package init(
        logicalID: String,
        poolName: String,
        usernameAttributes: [String] = [],
        autoVerifiedAttributes: [String] = [],
        passwordPolicy: JSONValue? = nil,
        mfaConfiguration: String = "OFF",
        properties: JSONValue = .object([:]),
        clients: [Client] = [],
        groups: [Group] = []
    ) {
        self.logicalID = logicalID
        self.poolName = poolName
        self.usernameAttributes = usernameAttributes
        self.autoVerifiedAttributes = autoVerifiedAttributes
        self.passwordPolicy = passwordPolicy
        self.mfaConfiguration = mfaConfiguration
        self.properties = properties
        self.clients = clients
        self.groups = groups
    }

    /// An app client of the pool.
    package struct Client: Sendable, Hashable {
        package var logicalID: String
        /// `ClientName` resolved, else the logical ID.
        package var clientName: String
        /// `GenerateSecret` (false when absent, as in Cognito).
        package var generateSecret: Bool
        /// `ExplicitAuthFlows` (`ALLOW_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, …).
        package var explicitAuthFlows: [String]
        /// The resource's `Properties`, resolved (`UserPoolId` left out: it is the pool's).
        package var properties: JSONValue

        package init(
            logicalID: String, clientName: String, generateSecret: Bool = false, explicitAuthFlows: [String] = [],
            properties: JSONValue = .object([:])
        ) {
            self.logicalID = logicalID
            self.clientName = clientName
            self.generateSecret = generateSecret
            self.explicitAuthFlows = explicitAuthFlows
            self.properties = properties
        }
    }

    /// A group of the pool (the API function maps groups to roles).
    package struct Group: Sendable, Hashable {
        package var logicalID: String
        /// `GroupName` resolved (parameters applied), else the logical ID.
        package var groupName: String
        package var description: String?
        package var precedence: Int?

        package init(logicalID: String, groupName: String, description: String? = nil, precedence: Int? = nil) {
            self.logicalID = logicalID
            self.groupName = groupName
            self.description = description
            self.precedence = precedence
        }
    }
}
