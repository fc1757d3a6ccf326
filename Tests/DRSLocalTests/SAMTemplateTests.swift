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
        do {
            _ = try SAMTemplate(yaml: unknownRef)
            Issue.record("expected an error")
        } catch let error as TemplateError {
            #expect(error.code == .invalidIntrinsic)
        }
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
