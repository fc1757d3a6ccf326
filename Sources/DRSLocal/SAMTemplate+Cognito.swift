import JSONCore

/// The template's Cognito pieces: user pools with their clients and groups, and the user-pool
/// authorizers of its APIs.
extension SAMTemplate {
    /// The first user pool (the one this project's template declares), nil when there is none.
    package var userPool: SAMUserPool? { userPools.first }

    /// The pools among `logicalIDs` (template order), each with the clients and groups among
    /// `logicalIDs` whose `UserPoolId` is `!Ref` to it.
    static func userPools(
        logicalIDs: [String], resources: [String: JSONValue], resolver: IntrinsicResolver
    ) throws -> [SAMUserPool] {
        func properties(_ logicalID: String) throws -> JSONValue {
            try resolver.resolve(resources[logicalID]?["Properties"] ?? .object([:])) ?? .object([:])
        }
        func strings(_ value: JSONValue?) -> [String] {
            value?.arrayValue?.compactMap(\.scalarText) ?? []
        }
        func owner(_ logicalID: String) -> String? {
            resources[logicalID]?["Properties"]?["UserPoolId"]?["Ref"]?.stringValue
        }
        func ofType(_ type: String) -> [String] {
            logicalIDs.filter { resources[$0]?["Type"]?.stringValue == type }
        }

        return try ofType("AWS::Cognito::UserPool").map { poolID in
            let pool = try properties(poolID)
            let clients = try ofType("AWS::Cognito::UserPoolClient").filter { owner($0) == poolID }.map {
                clientID -> SAMUserPool.Client in
                var client = try properties(clientID)
                if case .object(var members) = client {
                    members["UserPoolId"] = nil
                    client = .object(members)
                }
                return SAMUserPool.Client(
                    logicalID: clientID,
                    clientName: client["ClientName"]?.scalarText ?? clientID,
                    generateSecret: client["GenerateSecret"] == .bool(true)
                        || client["GenerateSecret"]?.scalarText == "true",
                    explicitAuthFlows: strings(client["ExplicitAuthFlows"]),
                    properties: client
                )
            }
            let groups = try ofType("AWS::Cognito::UserPoolGroup").filter { owner($0) == poolID }.map {
                groupID -> SAMUserPool.Group in
                let group = try properties(groupID)
                return SAMUserPool.Group(
                    logicalID: groupID,
                    groupName: group["GroupName"]?.scalarText ?? groupID,
                    description: group["Description"]?.scalarText,
                    precedence: group["Precedence"]?.scalarText.flatMap { Int($0) }
                )
            }
            return SAMUserPool(
                logicalID: poolID,
                poolName: pool["UserPoolName"]?.scalarText ?? poolID,
                usernameAttributes: strings(pool["UsernameAttributes"]),
                autoVerifiedAttributes: strings(pool["AutoVerifiedAttributes"]),
                passwordPolicy: pool["Policies"]?["PasswordPolicy"],
                mfaConfiguration: pool["MfaConfiguration"]?.scalarText ?? "OFF",
                properties: pool,
                clients: clients,
                groups: groups
            )
        }
    }

    /// An API's `Auth`: its default authorizer and the Cognito authorizers it defines.
    struct APIAuth {
        var defaultAuthorizer: String?
        var cognito: [String: SAMAuthorizer] = [:]

        /// The authorizer of a route whose event says `Auth.Authorizer: eventAuthorizer`;
        /// `unsupported` names an authorizer that exists but is not a Cognito one.
        func authorizer(event eventAuthorizer: String?) -> (SAMAuthorizer?, unsupported: String?) {
            guard let name = eventAuthorizer ?? defaultAuthorizer, name != "NONE", name != "AWS_IAM" else {
                return (nil, nil)
            }
            if let authorizer = cognito[name] { return (authorizer, nil) }
            return (nil, name)
        }
    }

    /// The `Auth` of `AWS::Serverless::Api` `logicalID`, or of the implicit API (`Globals.Api`)
    /// when `logicalID` is nil.
    static func apiAuth(
        _ logicalID: String?, resources: [String: JSONValue], globals: JSONValue, resolver: IntrinsicResolver
    ) throws -> APIAuth {
        let auth: JSONValue?
        if let logicalID {
            auth = resources[logicalID]?["Properties"]?["Auth"]
        } else {
            auth = globals["Auth"]
        }
        guard let auth else { return APIAuth() }
        var result = APIAuth(
            defaultAuthorizer: try auth["DefaultAuthorizer"].flatMap {
                try resolver.resolveString($0, "\(logicalID ?? "Globals.Api").Auth.DefaultAuthorizer")
            })
        for (name, definition) in auth["Authorizers"]?.objectValue ?? [:] {
            guard let arns = definition["UserPoolArn"] else { continue }
            var logicalIDs: [String] = []
            var literal: [String] = []
            for arn in arns.arrayValue ?? [arns] {
                if case .array(let parts)? = arn["Fn::GetAtt"], let pool = parts.first?.stringValue,
                    resources[pool] != nil
                {
                    logicalIDs.append(pool)
                } else if let text = try resolver.resolveString(arn, "\(name).UserPoolArn") {
                    literal.append(text)
                }
            }
            let header =
                try definition["Identity"]?["Header"].flatMap { try resolver.resolveString($0, "\(name).Identity") }
            result.cognito[name] = SAMAuthorizer(
                name: name, userPoolLogicalIDs: logicalIDs, userPoolARNs: literal,
                identityHeader: header ?? "Authorization")
        }
        return result
    }
}
