import Foundation
import JSONCore
import Testing

@testable import DRSLocal

@Suite("SAM template")
struct SAMTemplateTests {
    static let repositoryTemplate = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("template.yaml").path

    @Test("the repository's template.yaml yields the API handler with its routes, globals and stage")
    func repositoryTemplate() throws {
        let template = try SAMTemplate(contentsOfFile: Self.repositoryTemplate)
        let function = try #require(template.function(named: "drs-orchestration-api-handler-dev"))
        #expect(function.logicalID == "ApiHandlerFunction")
        #expect(function.handler == "bootstrap")
        #expect(function.runtime == "provided.al2023")
        #expect(function.timeout == 30)
        #expect(function.memorySize == 256)
        #expect(function.environment["DRS_ORCHESTRATION_ENV"] == "dev")
        // Every route in template order (TemplateRoutesTests keeps them equal to the router's).
        #expect(function.apiRoutes.first.map { "\($0.method) \($0.path)" } == "GET /health")
        #expect(function.apiRoutes.last.map { "\($0.method) \($0.path)" } == "ANY /{proxy+}")
        #expect(function.apiRoutes.contains { $0.method == "POST" && $0.path == "/recovery-plans/{id}/execute" })
        #expect(function.apiRoutes.allSatisfy { $0.stage == "dev" })
        #expect(function.schedules.isEmpty)
        #expect(template.parameters["Environment"] == "dev")
        #expect(template.warnings.isEmpty)
    }

    @Test("the repository's template.yaml gives both functions the parameters' settings and the role groups")
    func repositoryParameters() throws {
        let template = try SAMTemplate(contentsOfFile: Self.repositoryTemplate)
        #expect(template.functions.count == 2)
        for function in template.functions {
            #expect(function.memorySize == 256)
            #expect(function.environment["LOG_LEVEL"] == "info")
            #expect(function.environment["WAVE_TIMEOUT_SECONDS"] == "1800")
            #expect(function.environment["ADMIN_GROUP"] == "DRSOrchestrationAdmin")
            #expect(function.environment["OPERATOR_GROUP"] == "DRSOrchestrationOperator")
            #expect(function.environment["READONLY_GROUP"] == "DRSOrchestrationReadOnly")
            #expect(function.environment["PROTECTION_GROUPS_TABLE"] == "drs-orchestration-protection-groups-dev")
        }
        let tuned = try SAMTemplate(
            contentsOfFile: Self.repositoryTemplate,
            parameterOverrides: [
                "MemorySize": "1024", "LogLevel": "debug", "WaveTimeoutSeconds": "600", "AdminGroupName": "DRAdmins",
            ])
        let function = try #require(tuned.function(named: "ApiHandlerFunction"))
        #expect(function.memorySize == 1024)
        #expect(function.environment["LOG_LEVEL"] == "debug")
        #expect(function.environment["WAVE_TIMEOUT_SECONDS"] == "600")
        #expect(function.environment["ADMIN_GROUP"] == "DRAdmins")
        #expect(tuned.userPool?.groups.first?.groupName == "DRAdmins")
        #expect(tuned.warnings.isEmpty)
    }

    @Test("the repository's template.yaml yields its user pool: email sign-in, the guide's client, three groups")
    func repositoryUserPool() throws {
        let template = try SAMTemplate(contentsOfFile: Self.repositoryTemplate)
        #expect(template.userPools.count == 1)
        let pool = try #require(template.userPool)
        #expect(pool.logicalID == "UserPool")
        #expect(pool.poolName == "drs-orchestration-dev")
        #expect(pool.usernameAttributes == ["email"])
        #expect(pool.autoVerifiedAttributes == ["email"])
        #expect(pool.mfaConfiguration == "OFF")
        #expect(pool.properties["EnabledMfas"] == nil)
        #expect(pool.passwordPolicy?["RequireSymbols"] == .bool(true))
        #expect((pool.passwordPolicy?["MinimumLength"]?.intValue ?? 0) >= 12)
        let client = try #require(pool.clients.first)
        #expect(pool.clients.count == 1)
        #expect(client.clientName == "drs-orchestration-dev")
        #expect(client.generateSecret == false)
        #expect(client.explicitAuthFlows == ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        #expect(client.properties["UserPoolId"] == nil)
        #expect(
            pool.groups == [
                SAMUserPool.Group(
                    logicalID: "AdminGroup", groupName: "DRSOrchestrationAdmin",
                    description: "Everything, a RECOVERY and deletions included.", precedence: 0),
                SAMUserPool.Group(
                    logicalID: "OperatorGroup", groupName: "DRSOrchestrationOperator",
                    description: "Reads, DRILL starts, pause, resume, cancel and clean-up.", precedence: 1),
                SAMUserPool.Group(
                    logicalID: "ReadOnlyGroup", groupName: "DRSOrchestrationReadOnly",
                    description: "Every GET and the protection-group resolve previews.", precedence: 2),
            ])
        let withMFA = try SAMTemplate(
            contentsOfFile: Self.repositoryTemplate, parameterOverrides: ["MfaConfiguration": "ON"])
        #expect(withMFA.userPool?.mfaConfiguration == "ON")
        #expect(withMFA.userPool?.properties["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"])
    }

    @Test("every route of the repository's API needs an IdToken of its user pool in Authorization")
    func repositoryAuthorizer() throws {
        let template = try SAMTemplate(contentsOfFile: Self.repositoryTemplate)
        let function = try #require(template.function(named: "ApiHandlerFunction"))
        let cognito = SAMAuthorizer(name: "CognitoAuthorizer", userPoolLogicalIDs: ["UserPool"])
        #expect(!function.apiRoutes.isEmpty)
        for route in function.apiRoutes {
            #expect(route.authorizer == cognito, "\(route.method) \(route.path)")
        }
    }

    @Test("the repository's template.yaml yields the engine's function with its one-minute schedule")
    func orchestrationFunction() throws {
        let template = try SAMTemplate(contentsOfFile: Self.repositoryTemplate)
        let function = try #require(template.function(named: "drs-orchestration-orchestration-dev"))
        #expect(function.handler == "orchestration")
        #expect(function.apiRoutes.isEmpty)
        #expect(function.schedules.map(\.expression) == ["rate(1 minute)"])
        #expect(function.schedules.allSatisfy { $0.enabled })
        #expect(function.environment["EXECUTION_HISTORY_TABLE"] == "drs-orchestration-execution-history-dev")
    }

    @Test("a parameter override renames the function and its environment")
    func parameterOverride() throws {
        let template = try SAMTemplate(
            contentsOfFile: Self.repositoryTemplate, parameterOverrides: ["Environment": "qa"])
        let function = try #require(template.functions.first)
        #expect(function.functionName == "drs-orchestration-api-handler-qa")
        #expect(function.environment["DRS_ORCHESTRATION_ENV"] == "qa")
        #expect(function.apiRoutes.first?.stage == "qa")
        #expect(template.function(named: "ApiHandlerFunction")?.functionName == "drs-orchestration-api-handler-qa")
    }

    @Test("short and long forms of Sub, Ref, GetAtt and Join resolve, with pseudo parameters")
    func intrinsics() throws {
        let yaml = """
            Parameters:
              Environment: {Type: String, Default: dev}
              Size: {Type: Number, Default: 512}
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Sub "executions-${Environment}"
                  BillingMode: PAY_PER_REQUEST
                  KeySchema:
                    - {AttributeName: pk, KeyType: HASH}
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName:
                    Fn::Sub: "worker-${Environment}"
                  MemorySize: !Ref Size
                  Environment:
                    Variables:
                      TABLE: !Ref Table
                      TABLE_ARN: !GetAtt Table.Arn
                      TABLE_ARN_LONG:
                        Fn::GetAtt: [Table, Arn]
                      REGION: !Ref AWS::Region
                      ACCOUNT:
                        Ref: AWS::AccountId
                      ARN: !Sub "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:worker-${Environment}"
                      LITERAL: !Sub "${!NotAVariable}"
                      MAPPED: !Sub
                        - "${Name}-${Environment}"
                        - Name: !Join ["-", [a, b]]
                      FLAG: true
                      COUNT: 3
                      GONE: !Ref AWS::NoValue
            """
        let template = try SAMTemplate(yaml: yaml, region: "eu-west-1")
        let function = try #require(template.functions.first)
        #expect(function.functionName == "worker-dev")
        #expect(function.memorySize == 512)
        #expect(function.timeout == 3)
        let environment = function.environment
        #expect(environment["TABLE"] == "executions-dev")
        #expect(environment["TABLE_ARN"] == "arn:aws:dynamodb:eu-west-1:123456789012:table/executions-dev")
        #expect(environment["TABLE_ARN_LONG"] == environment["TABLE_ARN"])
        #expect(environment["REGION"] == "eu-west-1")
        #expect(environment["ACCOUNT"] == "123456789012")
        #expect(environment["ARN"] == "arn:aws:lambda:eu-west-1:123456789012:function:worker-dev")
        #expect(environment["LITERAL"] == "${NotAVariable}")
        #expect(environment["MAPPED"] == "a-b-dev")
        #expect(environment["FLAG"] == "true")
        #expect(environment["COUNT"] == "3")
        #expect(environment["GONE"] == nil)
        let table = try #require(template.tables.first)
        #expect(table.tableName == "executions-dev")
        #expect(table.properties["BillingMode"] == "PAY_PER_REQUEST")
        #expect(table.properties["KeySchema"]?.arrayValue?.first?["AttributeName"] == "pk")
    }

    @Test("Globals.Function merges: scalars are overridden, environment variables merge key by key")
    func globals() throws {
        let yaml = """
            Globals:
              Function:
                Timeout: 30
                MemorySize: 256
                Handler: bootstrap
                Environment:
                  Variables: {SHARED: global, OVERRIDDEN: global}
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties:
                  Timeout: 5
                  Environment:
                    Variables: {OVERRIDDEN: own, OWN: yes}
              B:
                Type: AWS::Serverless::Function
                Properties: {}
            """
        let template = try SAMTemplate(yaml: yaml)
        #expect(template.functions.map(\.logicalID) == ["A", "B"])
        let a = template.functions[0]
        #expect(a.functionName == "A")
        #expect(a.timeout == 5)
        #expect(a.memorySize == 256)
        #expect(a.environment == ["SHARED": "global", "OVERRIDDEN": "own", "OWN": "true"])
        #expect(template.functions[1].timeout == 30)
        #expect(template.functions[1].environment == ["SHARED": "global", "OVERRIDDEN": "global"])
    }

    @Test("Api events keep template order, upper-case methods and the implicit API's Prod stage; schedules are kept")
    func events() throws {
        let yaml = """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Cancel:
                      Type: Api
                      Properties: {Path: "/executions/{id}/cancel", Method: post}
                    List:
                      Type: Api
                      Properties: {Path: /executions, Method: get}
                    Tick:
                      Type: Schedule
                      Properties: {Schedule: rate(1 minute), Input: '{"tick":true}'}
                    Off:
                      Type: ScheduleV2
                      Properties: {ScheduleExpression: "cron(0 * * * ? *)", State: DISABLED}
            """
        let function = try #require(try SAMTemplate(yaml: yaml).functions.first)
        #expect(
            function.apiRoutes == [
                SAMRoute(eventName: "Cancel", method: "POST", path: "/executions/{id}/cancel", stage: "Prod"),
                SAMRoute(eventName: "List", method: "GET", path: "/executions", stage: "Prod"),
            ])
        #expect(
            function.schedules == [
                SAMSchedule(name: "Tick", expression: "rate(1 minute)", input: #"{"tick":true}"#, enabled: true),
                SAMSchedule(name: "Off", expression: "cron(0 * * * ? *)", enabled: false),
            ])
    }

    @Test("routes take their event's authorizer, else their API's default; NONE and unknown ones are open")
    func authorizers() throws {
        let yaml = """
            Globals:
              Api:
                Auth:
                  DefaultAuthorizer: Implicit
                  Authorizers:
                    Implicit: {UserPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"}
            Resources:
              Pool:
                Type: AWS::Cognito::UserPool
                Properties: {UserPoolName: people}
              Other:
                Type: AWS::Cognito::UserPool
                Properties: {}
              Client:
                Type: AWS::Cognito::UserPoolClient
                Properties: {UserPoolId: !Ref Other, GenerateSecret: true}
              Api:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: v1
                  Auth:
                    DefaultAuthorizer: Users
                    Authorizers:
                      Users:
                        UserPoolArn: [!GetAtt Pool.Arn, {"Fn::GetAtt": [Other, Arn]}]
                        Identity: {Header: X-Token}
                      Custom:
                        FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Default:
                      Type: Api
                      Properties: {RestApiId: !Ref Api, Path: /a, Method: get}
                    Open:
                      Type: Api
                      Properties: {RestApiId: !Ref Api, Path: /health, Method: get, Auth: {Authorizer: NONE}}
                    Lambda:
                      Type: Api
                      Properties: {RestApiId: !Ref Api, Path: /b, Method: get, Auth: {Authorizer: Custom}}
                    Implicit:
                      Type: Api
                      Properties: {Path: /c, Method: get}
            """
        let template = try SAMTemplate(yaml: yaml)
        let routes = try #require(template.functions.first).apiRoutes
        #expect(
            routes.map(\.authorizer) == [
                SAMAuthorizer(name: "Users", userPoolLogicalIDs: ["Pool", "Other"], identityHeader: "X-Token"),
                nil,
                nil,
                SAMAuthorizer(
                    name: "Implicit", userPoolLogicalIDs: [],
                    userPoolARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"]),
            ])
        #expect(template.warnings.count == 1)
        #expect(template.warnings.first?.contains("Custom") == true)
        #expect(template.userPools.map(\.poolName) == ["people", "Other"])
        #expect(template.userPools[0].clients.isEmpty)
        #expect(template.userPools[1].clients.map(\.generateSecret) == [true])
        #expect(template.userPools[1].clients.first?.clientName == "Client")
    }

    @Test("conditions and Fn::If choose a branch; a false Condition drops the resource")
    func conditions() throws {
        let yaml = """
            Parameters:
              Environment: {Type: String, Default: dev}
            Conditions:
              IsProd: !Equals [!Ref Environment, prod]
              IsDev: !Not [!Condition IsProd]
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Timeout: !If [IsProd, 60, 10]
              ProdOnly:
                Type: AWS::Serverless::Function
                Condition: IsProd
                Properties: {}
            """
        let template = try SAMTemplate(yaml: yaml)
        #expect(template.functions.map(\.logicalID) == ["Fn"])
        #expect(template.functions.first?.timeout == 10)
        let prod = try SAMTemplate(yaml: yaml, parameterOverrides: ["Environment": "prod"])
        #expect(prod.functions.map(\.timeout) == [60, 3])
    }

    @Test("broken templates fail with a coded error; unknown overrides only warn")
    func errors() throws {
        #expect(throws: TemplateError.self) { try SAMTemplate(yaml: "- just\n- a list\n") }
        #expect(throws: TemplateError.self) { try SAMTemplate(yaml: "Resources: [unclosed") }
        let unknownRef = """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: !Ref Nowhere}
            """
        let error = try #require(throws: TemplateError.self) { try SAMTemplate(yaml: unknownRef) }
        #expect(error.code == .invalidIntrinsic)
        let template = try SAMTemplate(yaml: "Resources: {}\n", parameterOverrides: ["Nope": "1"])
        #expect(template.warnings.count == 1)
        #expect(throws: TemplateError.self) { try SAMTemplate(contentsOfFile: "/nonexistent/template.yaml") }
    }

    @Test("function identifiers: names, qualifiers and ARNs reduce to the function name")
    func identifiers() {
        #expect(SAMTemplate.functionName(fromIdentifier: "fn") == "fn")
        #expect(SAMTemplate.functionName(fromIdentifier: "fn:$LATEST") == "fn")
        #expect(SAMTemplate.functionName(fromIdentifier: "123456789012:function:fn") == "fn")
        #expect(SAMTemplate.functionName(fromIdentifier: "arn:aws:lambda:us-east-1:123456789012:function:fn") == "fn")
        #expect(
            SAMTemplate.functionName(fromIdentifier: "arn:aws:lambda:us-east-1:123456789012:function:fn:live") == "fn")
    }
}
