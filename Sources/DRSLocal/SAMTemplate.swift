import Foundation
import JSONCore
import Yams

/// The parts of a SAM `template.yaml` that running the stack locally needs, with parameters,
/// pseudo parameters and intrinsic functions (short or long form) already resolved.
package struct SAMTemplate: Sendable {
    /// The account ID in every local ARN.
    package static let localAccountID = "123456789012"
    /// The `apiId` of every REST API served locally (what `!Ref Api` gives).
    package static let localAPIID = "local"
    /// What `AWS::StackName` resolves to.
    package static let localStackName = "drs-local"

    /// `AWS::Serverless::Function` / `AWS::Lambda::Function` resources, in template order.
    package var functions: [SAMFunction]
    /// DynamoDB tables, in template order.
    package var tables: [SAMTable]
    /// Cognito user pools with their clients and groups, in template order.
    package var userPools: [SAMUserPool]
    /// Every parameter's effective value (override, else `Default`).
    package var parameters: [String: String]
    package var region: String
    package var accountID: String
    /// Things that were skipped or guessed (a parameter without a value, an unknown override).
    package var warnings: [String]

    package init(
        functions: [SAMFunction],
        tables: [SAMTable] = [],
        userPools: [SAMUserPool] = [],
        parameters: [String: String] = [:],
        region: String = "us-east-1",
        accountID: String = SAMTemplate.localAccountID,
        warnings: [String] = []
    ) {
        self.functions = functions
        self.tables = tables
        self.userPools = userPools
        self.parameters = parameters
        self.region = region
        self.accountID = accountID
        self.warnings = warnings
    }

    /// Reads and resolves the template at `path`.
    package init(
        contentsOfFile path: String,
        parameterOverrides: [String: String] = [:],
        region: String = "us-east-1",
        accountID: String = SAMTemplate.localAccountID
    ) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TemplateError(.unreadable, "cannot read \(path): \(error.localizedDescription)")
        }
        try self.init(yaml: text, parameterOverrides: parameterOverrides, region: region, accountID: accountID)
    }

    /// Parses and resolves template text.
    package init(
        yaml: String,
        parameterOverrides: [String: String] = [:],
        region: String = "us-east-1",
        accountID: String = SAMTemplate.localAccountID
    ) throws {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw TemplateError(.invalidYAML, "the template is empty")
            }
            root = composed
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(.invalidYAML, "\(error)")
        }
        guard let rootMapping = root.mapping else {
            throw TemplateError(.invalidYAML, "the template's top level is not a mapping")
        }
        let document = try TemplateNodeConverter.convert(root)

        var warnings: [String] = []
        var parameterValues: [String: JSONValue] = [:]
        for (name, definition) in document["Parameters"]?.objectValue ?? [:] {
            if let override = parameterOverrides[name] {
                parameterValues[name] = .string(override)
            } else if let value = definition["Default"] {
                parameterValues[name] = .string(value.scalarText ?? "")
            } else {
                warnings.append("parameter \(name) has no Default; pass --parameter \(name)=VALUE")
                parameterValues[name] = .string("")
            }
        }
        for name in parameterOverrides.keys.sorted() where parameterValues[name] == nil {
            warnings.append("--parameter \(name) names no parameter of the template")
        }

        let resources = document["Resources"]?.objectValue ?? [:]
        let resolver = IntrinsicResolver(
            parameters: parameterValues,
            resources: resources,
            conditions: document["Conditions"]?.objectValue ?? [:],
            mappings: document["Mappings"]?.objectValue ?? [:],
            region: region,
            accountID: accountID,
            stackName: Self.localStackName,
            apiID: Self.localAPIID
        )
        let globals = document["Globals"]?["Function"] ?? .object([:])
        let apiAuth = { (logicalID: String?) throws -> APIAuth in
            try Self.apiAuth(
                logicalID, resources: resources, globals: document["Globals"]?["Api"] ?? .object([:]),
                resolver: resolver)
        }

        var functions: [SAMFunction] = []
        var tables: [SAMTable] = []
        var activeResources: [String] = []
        // Template order comes from the YAML mapping: the converted document is a dictionary.
        let resourceNodes = rootMapping["Resources"]?.mapping
        let resourceOrder = resourceNodes?.keys.compactMap(\.string) ?? []
        for logicalID in resourceOrder {
            guard let resource = resources[logicalID] else { continue }
            if let condition = resource["Condition"]?.stringValue,
                try resolver.resolve(["Condition": .string(condition)]) == .bool(false)
            {
                continue
            }
            activeResources.append(logicalID)
            switch resource["Type"]?.stringValue {
            case "AWS::Serverless::Function", "AWS::Lambda::Function":
                let eventOrder =
                    resourceNodes?[logicalID]?.mapping?["Properties"]?.mapping?["Events"]?.mapping?.keys
                    .compactMap(\.string) ?? []
                functions.append(
                    try Self.function(
                        logicalID: logicalID,
                        resource: resource,
                        globals: globals,
                        eventOrder: eventOrder,
                        resources: resources,
                        resolver: resolver,
                        apiAuth: apiAuth,
                        warnings: &warnings
                    )
                )
            case let type? where type == "AWS::DynamoDB::Table" || type == "AWS::Serverless::SimpleTable":
                let properties = try resolver.resolve(resource["Properties"] ?? .object([:])) ?? .object([:])
                tables.append(
                    SAMTable(
                        logicalID: logicalID,
                        type: type,
                        tableName: properties["TableName"]?.scalarText ?? logicalID,
                        properties: properties
                    )
                )
            default:
                continue
            }
        }

        self.init(
            functions: functions,
            tables: tables,
            userPools: try Self.userPools(logicalIDs: activeResources, resources: resources, resolver: resolver),
            parameters: parameterValues.compactMapValues(\.scalarText),
            region: region,
            accountID: accountID,
            warnings: warnings
        )
    }

    /// The function whose name, logical ID or ARN is `name` (a `:qualifier` suffix is ignored).
    package func function(named name: String) -> SAMFunction? {
        let bareName = Self.functionName(fromIdentifier: name)
        return functions.first { $0.functionName == bareName } ?? functions.first { $0.logicalID == bareName }
    }

    /// The function name inside any identifier the Invoke API accepts: `name`, `name:qualifier`,
    /// `123456789012:function:name[:qualifier]`, `arn:aws:lambda:region:account:function:name[:qualifier]`.
    package static func functionName(fromIdentifier identifier: String) -> String {
        let parts = identifier.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let marker = parts.firstIndex(of: "function"), marker + 1 < parts.count {
            return parts[marker + 1]
        }
        return parts.first ?? identifier
    }

    // MARK: Functions

    private static func function(
        logicalID: String,
        resource: JSONValue,
        globals: JSONValue,
        eventOrder: [String],
        resources: [String: JSONValue],
        resolver: IntrinsicResolver,
        apiAuth: (String?) throws -> APIAuth,
        warnings: inout [String]
    ) throws -> SAMFunction {
        let raw = merge(globals, resource["Properties"] ?? .object([:]))
        let describe = { (property: String) in "\(logicalID).\(property)" }

        func string(_ property: String) throws -> String? {
            guard let value = raw[property] else { return nil }
            return try resolver.resolveString(value, describe(property))
        }
        func integer(_ property: String, default fallback: Int) throws -> Int {
            guard let text = try string(property) else { return fallback }
            guard let value = Int(text) ?? Double(text).map({ Int($0) }) else {
                throw TemplateError(.invalidProperty, "\(describe(property)) is not a number: \(text)")
            }
            return value
        }

        var environment: [String: String] = [:]
        if let variables = raw["Environment"]?["Variables"] {
            guard case .object(let members) = variables else {
                throw TemplateError(.invalidProperty, "\(describe("Environment.Variables")) is not a mapping")
            }
            for (name, value) in members {
                if let text = try resolver.resolveString(value, describe("Environment.Variables.\(name)")) {
                    environment[name] = text
                }
            }
        }

        var routes: [SAMRoute] = []
        var schedules: [SAMSchedule] = []
        let events = raw["Events"]?.objectValue ?? [:]
        for name in eventOrder + events.keys.filter({ !eventOrder.contains($0) }).sorted() {
            guard let event = events[name], let type = event["Type"]?.stringValue else { continue }
            let properties = event["Properties"] ?? .object([:])
            switch type {
            case "Api":
                guard let pathValue = properties["Path"], let methodValue = properties["Method"],
                    let path = try resolver.resolveString(pathValue, describe("Events.\(name).Path")),
                    let method = try resolver.resolveString(methodValue, describe("Events.\(name).Method"))
                else {
                    throw TemplateError(.invalidProperty, "\(describe("Events.\(name)")) needs Path and Method")
                }
                let api = apiLogicalID(properties["RestApiId"])
                let stage = try stageName(api: api, resources: resources, resolver: resolver)
                let eventAuthorizer = try properties["Auth"]?["Authorizer"].flatMap {
                    try resolver.resolveString($0, describe("Events.\(name).Auth.Authorizer"))
                }
                let (authorizer, unsupported) = try apiAuth(api).authorizer(event: eventAuthorizer)
                if let unsupported {
                    warnings.append(
                        "\(describe("Events.\(name)")): authorizer \(unsupported) is not a Cognito user-pool "
                            + "authorizer of its API; the route is served without authorization")
                }
                routes.append(
                    SAMRoute(eventName: name, method: method, path: path, stage: stage, authorizer: authorizer))
            case "Schedule", "ScheduleV2":
                guard let expressionValue = properties["Schedule"] ?? properties["ScheduleExpression"],
                    let expression = try resolver.resolveString(expressionValue, describe("Events.\(name).Schedule"))
                else {
                    throw TemplateError(.invalidProperty, "\(describe("Events.\(name)")) needs a Schedule")
                }
                var enabled = true
                if let flag = try properties["Enabled"].flatMap(resolver.resolve) {
                    enabled = flag != .bool(false) && flag.scalarText != "false"
                }
                if let state = try properties["State"].flatMap({ try resolver.resolveString($0, "State") }) {
                    enabled = state.uppercased() != "DISABLED"
                }
                let input = try properties["Input"].flatMap {
                    try resolver.resolveString($0, describe("Events.\(name).Input"))
                }
                schedules.append(SAMSchedule(name: name, expression: expression, input: input, enabled: enabled))
            default:
                continue
            }
        }

        return SAMFunction(
            logicalID: logicalID,
            functionName: try string("FunctionName") ?? logicalID,
            handler: try string("Handler") ?? "bootstrap",
            runtime: try string("Runtime"),
            timeout: try integer("Timeout", default: 3),
            memorySize: try integer("MemorySize", default: 128),
            environment: environment,
            apiRoutes: routes,
            schedules: schedules
        )
    }

    /// SAM's Globals rule: the function's own value wins, except that mappings merge key by key.
    static func merge(_ globals: JSONValue, _ own: JSONValue) -> JSONValue {
        guard case .object(let base) = globals, case .object(let overlay) = own else { return own }
        var merged = base
        for (key, value) in overlay {
            merged[key] = merged[key].map { merge($0, value) } ?? value
        }
        return .object(merged)
    }

    /// The API a `RestApiId` names; nil for SAM's implicit API.
    private static func apiLogicalID(_ restAPI: JSONValue?) -> String? {
        switch restAPI {
        case .object(let members)?: members["Ref"]?.stringValue
        case .string(let name)?: name
        default: nil
        }
    }

    /// The stage an API deploys to; SAM's implicit API (nil) deploys to `Prod`.
    private static func stageName(
        api logicalID: String?,
        resources: [String: JSONValue],
        resolver: IntrinsicResolver
    ) throws -> String {
        guard let logicalID, let stage = resources[logicalID]?["Properties"]?["StageName"] else { return "Prod" }
        return try resolver.resolveString(stage, "\(logicalID).StageName") ?? "Prod"
    }
}
