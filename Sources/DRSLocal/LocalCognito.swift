import AWSCore
import Foundation
import JSONCore

/// The template's Cognito user pool, app client and role groups, made in moto's `cognito-idp`,
/// with one signed-in-able user per role, so the guide's `aws cognito-idp initiate-auth` gives
/// IdTokens the local API Gateway accepts.
package struct LocalCognito: Sendable {
    /// What to create: the pool and client as the template declares them (CloudFormation's
    /// properties are CreateUserPool's and CreateUserPoolClient's input) and the group of each role.
    package struct Definition: Sendable, Equatable {
        /// CreateUserPool input (`PoolName`, `UsernameAttributes`, `Policies`, …).
        package var pool: [String: JSONValue]
        /// CreateUserPoolClient input without `UserPoolId`.
        package var client: [String: JSONValue]
        /// CreateGroup inputs without `UserPoolId` (`GroupName`, `Description`, `Precedence`).
        package var groups: [[String: JSONValue]]
        package var adminGroup: String
        package var operatorGroup: String
        package var readOnlyGroup: String

        /// What the template declares when it has no user pool: email sign-in, a strong password
        /// policy, a client without secret allowing `USER_PASSWORD_AUTH` and refresh, the default groups.
        package static let standard = Definition(
            pool: [
                "PoolName": "drs-orchestration-local",
                "UsernameAttributes": ["email"],
                "AutoVerifiedAttributes": ["email"],
                "Policies": [
                    "PasswordPolicy": [
                        "MinimumLength": 14, "RequireUppercase": true, "RequireLowercase": true,
                        "RequireNumbers": true, "RequireSymbols": true,
                    ]
                ],
            ],
            client: [
                "ClientName": "drs-orchestration-local", "GenerateSecret": false,
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ],
            groups: [],
            adminGroup: "DRSOrchestrationAdmin", operatorGroup: "DRSOrchestrationOperator",
            readOnlyGroup: "DRSOrchestrationReadOnly")

        /// The template's first user pool, its first client and its groups (CloudFormation's
        /// properties are the Create calls' input, but for `UserPoolName`), and the group names
        /// the API function is given (`ADMIN_GROUP`, `OPERATOR_GROUP`, `READONLY_GROUP`): the
        /// groups it will look for. Without a pool in the template, `standard`.
        package static func from(template: SAMTemplate) -> Definition {
            var definition = standard
            if let pool = template.userPool {
                var input = pool.properties.objectValue ?? [:]
                input["PoolName"] = .string(pool.poolName)
                // Not CreateUserPool input: EnabledMfas is SetUserPoolMfaConfig's.
                for key in ["UserPoolName", "EnabledMfas"] { input[key] = nil }
                definition.pool = input
                if let client = pool.clients.first {
                    var input = client.properties.objectValue ?? [:]
                    input["ClientName"] = .string(client.clientName)
                    input["UserPoolId"] = nil
                    definition.client = input
                }
                definition.groups = pool.groups.map { group in
                    var input: [String: JSONValue] = ["GroupName": .string(group.groupName)]
                    if let description = group.description { input["Description"] = .string(description) }
                    if let precedence = group.precedence { input["Precedence"] = .int(precedence) }
                    return input
                }
            }
            let environment =
                (template.functions.first { !$0.apiRoutes.isEmpty } ?? template.functions.first)?.environment ?? [:]
            func name(_ variable: String) -> String? {
                environment[variable].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            definition.adminGroup = name("ADMIN_GROUP") ?? definition.adminGroup
            definition.operatorGroup = name("OPERATOR_GROUP") ?? definition.operatorGroup
            definition.readOnlyGroup = name("READONLY_GROUP") ?? definition.readOnlyGroup
            return definition
        }
    }

    /// A seeded user: email (the sign-in name), local password and group.
    package struct User: Sendable, Equatable {
        package var role: String
        package var email: String
        package var password: String
        package var group: String
    }

    package let endpoint: String
    package let region: String
    package let userPoolID: String
    package let clientID: String
    package let users: [User]
    /// The pool's `/.well-known/jwks.json`, as moto serves it.
    package let jwks: [UInt8]

    /// What IdTokens of this pool carry as `iss`.
    package var issuer: String { "https://cognito-idp.\(region).amazonaws.com/\(userPoolID)" }

    /// The API Gateway authorizer for this pool's IdTokens.
    package func verifier() throws -> IDTokenVerifier {
        try IDTokenVerifier(issuer: issuer, audience: clientID, jwks: jwks)
    }

    /// Creates the pool, client, groups and users in the moto at `endpoint`.
    /// - Throws: `EmulatorError(.serviceFailed)` naming the call moto refused.
    package static func create(
        endpoint: String, credentials: AWSCredentials, region: String, definition: Definition = .standard
    ) throws -> LocalCognito {
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: [
                    "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                    "AWS_REGION": region, "AWS_ENDPOINT_URL": endpoint,
                ],
                readFile: { _ in nil }))
        func call(_ operation: String, _ input: [String: JSONValue]) throws -> JSONValue {
            var request = AWSRequest(body: JSONValue.object(input).jsonBytes)
            request.headers.replaceOrAdd("X-Amz-Target", "AWSCognitoIdentityProviderService.\(operation)")
            do {
                let response = try client.send(request, to: service, region: region)
                return (try? JSONValue(parsing: response.body)) ?? .null
            } catch {
                throw EmulatorError(.serviceFailed, "moto's cognito-idp refused \(operation): \(error)")
            }
        }

        let pool = try call("CreateUserPool", definition.pool)
        guard let poolID = pool["UserPool"]?["Id"]?.stringValue else {
            throw EmulatorError(.serviceFailed, "CreateUserPool answered without an Id: \(pool.jsonText)")
        }
        var clientInput = definition.client
        clientInput["UserPoolId"] = .string(poolID)
        let appClient = try call("CreateUserPoolClient", clientInput)
        guard let clientID = appClient["UserPoolClient"]?["ClientId"]?.stringValue else {
            throw EmulatorError(
                .serviceFailed, "CreateUserPoolClient answered without a ClientId: \(appClient.jsonText)")
        }
        let users = [
            User(
                role: "admin", email: "admin@example.com", password: "Local-Admin-Pass-1!", group: definition.adminGroup
            ),
            User(
                role: "operator", email: "operator@example.com", password: "Local-Operator-Pass-1!",
                group: definition.operatorGroup),
            User(
                role: "read-only", email: "readonly@example.com", password: "Local-ReadOnly-Pass-1!",
                group: definition.readOnlyGroup),
        ]
        // The template's groups, and any role group it does not declare (the function looks for it).
        var groups = definition.groups
        for user in users where !groups.contains(where: { $0["GroupName"]?.stringValue == user.group }) {
            groups.append(["GroupName": .string(user.group), "Description": .string("DRS Orchestration \(user.role)")])
        }
        for var group in groups {
            group["UserPoolId"] = .string(poolID)
            _ = try call("CreateGroup", group)
        }
        for user in users {
            let pool = JSONValue.string(poolID)
            let name = JSONValue.string(user.email)
            _ = try call(
                "AdminCreateUser",
                [
                    "UserPoolId": pool, "Username": name, "MessageAction": "SUPPRESS",
                    "UserAttributes": [
                        ["Name": "email", "Value": name], ["Name": "email_verified", "Value": "true"],
                    ],
                ])
            _ = try call(
                "AdminSetUserPassword",
                ["UserPoolId": pool, "Username": name, "Password": .string(user.password), "Permanent": true])
            _ = try call(
                "AdminAddUserToGroup", ["UserPoolId": pool, "Username": name, "GroupName": .string(user.group)])
        }
        let jwks = try fetchJWKS(endpoint: endpoint, poolID: poolID)
        return LocalCognito(
            endpoint: endpoint, region: region, userPoolID: poolID, clientID: clientID, users: users, jwks: jwks)
    }

    /// The lines drs-local prints at start: the pool, the users and how to get a token.
    package var banner: String {
        var lines = ["Cognito (moto)  \(endpoint)  user pool \(userPoolID)  app client \(clientID)"]
        for user in users {
            let role = user.role.padding(toLength: 10, withPad: " ", startingAt: 0)
            let email = user.email.padding(toLength: 22, withPad: " ", startingAt: 0)
            lines.append("      \(role)\(email)password \(user.password)  (group \(user.group))")
        }
        let example = users.first { $0.role == "operator" } ?? users[0]
        lines.append(
            "      token: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=\(endpoint) aws cognito-idp initiate-auth "
                + "--region \(region) --client-id \(clientID) --auth-flow USER_PASSWORD_AUTH "
                + "--auth-parameters 'USERNAME=\(example.email),PASSWORD=\(example.password)' "
                + "--query AuthenticationResult.IdToken --output text")
        return lines.joined(separator: "\n")
    }

    /// The default place of `environmentFile`, relative to drs-local's working directory.
    package static let defaultEnvironmentFile = ".build/drs-local/cognito.env"

    /// What a shell sources to sign in to this pool with the AWS CLI as the guide does
    /// (`aws cognito-idp initiate-auth --client-id "$COGNITO_CLIENT_ID" …`): the pool and client
    /// ids, moto's endpoint for `cognito-idp`, and the region.
    package var environmentFile: String {
        var lines = [
            "# Written by drs-local at start: the local Cognito user pool. Source it, then sign in with",
            "# aws cognito-idp initiate-auth --client-id \"$COGNITO_CLIENT_ID\" --auth-flow USER_PASSWORD_AUTH ...",
        ]
        let values = [
            ("COGNITO_USER_POOL_ID", userPoolID), ("COGNITO_CLIENT_ID", clientID),
            ("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", endpoint), ("AWS_DEFAULT_REGION", region),
        ]
        for (name, value) in values { lines.append("export \(name)=\(Self.shellQuoted(value))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `environmentFile` at `path` (its directory created as needed).
    /// - Throws: `EmulatorError(.serviceFailed)` naming the path when it cannot be written.
    package func writeEnvironmentFile(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(environmentFile.utf8).write(to: url, options: .atomic)
        } catch {
            throw EmulatorError(.serviceFailed, "cannot write the Cognito environment file \(path): \(error)")
        }
    }

    /// `value` in single quotes for a POSIX shell.
    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Cognito user pools, AWS JSON 1.1.
    private static let service = AWSService(
        signingName: "cognito-idp", serviceID: "Cognito Identity Provider",
        headers: ["Content-Type": "application/x-amz-json-1.1"])

    private static func fetchJWKS(endpoint: String, poolID: String) throws -> [UInt8] {
        guard let url = URL(string: endpoint), let host = url.host else {
            throw EmulatorError(.serviceFailed, "moto's endpoint \(endpoint) is not a URL")
        }
        let request = AWSHTTPRequest(
            method: "GET", endpoint: AWSEndpoint(scheme: url.scheme ?? "http", host: host, port: url.port),
            path: "/\(poolID)/.well-known/jwks.json")
        let response: AWSHTTPResponse
        do {
            response = try CurlTransport().send(request, timeoutMilliseconds: 5000)
        } catch {
            throw EmulatorError(.serviceFailed, "cannot read the user pool's JWKS from moto: \(error)")
        }
        guard response.status == 200 else {
            throw EmulatorError(.serviceFailed, "moto answered \(response.status) for the user pool's JWKS")
        }
        return response.body
    }
}
