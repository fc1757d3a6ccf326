import JSONCore

/// An `AWS::Cognito::UserPool` of the template with the app clients and groups that name it
/// (`UserPoolId: !Ref Pool`), every intrinsic resolved, so a local Cognito can be given the same
/// pool.
public struct SAMUserPool: Sendable, Hashable {
    public var logicalID: String
    /// `UserPoolName` resolved, else the logical ID.
    public var poolName: String
    /// `UsernameAttributes` (`["email"]`: users sign in with their email address).
    public var usernameAttributes: [String]
    /// `AutoVerifiedAttributes`.
    public var autoVerifiedAttributes: [String]
    /// `Policies.PasswordPolicy` as written (`MinimumLength`, `RequireSymbols`, …), when set.
    public var passwordPolicy: JSONValue?
    /// `MfaConfiguration`: `OFF` (the default), `OPTIONAL` or `ON`.
    public var mfaConfiguration: String
    /// The resource's `Properties`, resolved.
    public var properties: JSONValue
    /// `AWS::Cognito::UserPoolClient`s of this pool, in template order.
    public var clients: [Client]
    /// `AWS::Cognito::UserPoolGroup`s of this pool, in template order.
    public var groups: [Group]

    public init(
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
    public struct Client: Sendable, Hashable {
        public var logicalID: String
        /// `ClientName` resolved, else the logical ID.
        public var clientName: String
        /// `GenerateSecret` (false when absent, as in Cognito).
        public var generateSecret: Bool
        /// `ExplicitAuthFlows` (`ALLOW_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, …).
        public var explicitAuthFlows: [String]
        /// The resource's `Properties`, resolved (`UserPoolId` left out: it is the pool's).
        public var properties: JSONValue

        public init(
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
    public struct Group: Sendable, Hashable {
        public var logicalID: String
        /// `GroupName` resolved (parameters applied), else the logical ID.
        public var groupName: String
        public var description: String?
        public var precedence: Int?

        public init(logicalID: String, groupName: String, description: String? = nil, precedence: Int? = nil) {
            self.logicalID = logicalID
            self.groupName = groupName
            self.description = description
            self.precedence = precedence
        }
    }
}
