import API
import Foundation
import JSONCore
import LambdaRuntime
import Orchestrator
import Testing

/// Routes that exercise the application's plumbing (parameters, errors) without a resource.
private struct ProbeRoutes: RouteGroup {
    struct Boom: Error {}

    func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("GET", "/probes/{id}") { context in
            .json(200, ["id": .string(context.parameter("id"))])
        }
        try routes.add("POST", "/probes/{id}/fail") { context in
            if context.parameter("id") == "api" { throw DomainError.missingField("name") }
            throw Boom()
        }
        try routes.add("POST", "/probes") { context in
            guard let name = try RequestBody(context.request.body).string("name") else {
                throw DomainError.missingField("name")
            }
            return .json(201, ["id": .string(name)])
        }
    }
}

@Suite("The API application")
struct APIApplicationTests {
    let context = InvocationContext(requestID: "req-1", deadlineMilliseconds: 0, invokedFunctionARN: "arn")

    func invoke(_ event: String) throws -> (status: Int, body: [String: Any], envelope: [String: Any]) {
        var app = try APIApplication(groups: [HealthRoutes(version: "9.9.9"), ProbeRoutes()])
        let output = app.handle(Array(event.utf8), context: context)
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        let bodyText = try #require(envelope["body"] as? String)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(bodyText.utf8)) as? [String: Any])
        return (try #require(envelope["statusCode"] as? Int), body, envelope)
    }

    @Test("answers GET /health with status and version, mirrored for direct calls")
    func health() throws {
        let result = try invoke(#"{"httpMethod":"GET","path":"/health"}"#)
        #expect(result.status == 200)
        #expect(result.body["status"] as? String == "healthy")
        #expect(result.body["version"] as? String == "9.9.9")
        #expect(result.envelope["status"] as? String == "healthy")
    }

    @Test("does not mirror for API Gateway events")
    func noMirrorThroughAPIGateway() throws {
        let result = try invoke(#"{"httpMethod":"GET","path":"/health","requestContext":{"stage":"dev"}}"#)
        #expect(result.status == 200)
        #expect(result.envelope["status"] == nil)
    }

    @Test("answers an unknown path with 404 NOT_FOUND")
    func notFound() throws {
        let result = try invoke(#"{"httpMethod":"GET","path":"/nope"}"#)
        #expect(result.status == 404)
        #expect(result.body["error"] as? String == "NOT_FOUND")
    }

    @Test("answers a wrong method with 405, allowedMethods and Allow")
    func methodNotAllowed() throws {
        let result = try invoke(#"{"httpMethod":"DELETE","path":"/health"}"#)
        #expect(result.status == 405)
        #expect(result.body["error"] as? String == "METHOD_NOT_ALLOWED")
        #expect(result.body["allowedMethods"] as? [String] == ["GET", "OPTIONS"])
        #expect((result.envelope["headers"] as? [String: String])?["Allow"] == "GET, OPTIONS")
    }

    @Test("answers OPTIONS on known paths with 200 {} and on unknown ones with 404")
    func options() throws {
        let known = try invoke(#"{"httpMethod":"OPTIONS","path":"/probes/x"}"#)
        #expect(known.status == 200)
        #expect(known.body.isEmpty)
        #expect((known.envelope["headers"] as? [String: String])?["Access-Control-Allow-Origin"] == "*")
        #expect(try invoke(#"{"httpMethod":"OPTIONS","path":"/zzz"}"#).status == 404)
    }

    @Test("takes ids from the path, decoded, when pathParameters are absent")
    func idFromPath() throws {
        let result = try invoke(#"{"httpMethod":"GET","path":"/probes/a%20b"}"#)
        #expect(result.body["id"] as? String == "a b")
    }

    @Test("accepts pathParameters that agree with the path, raw or decoded")
    func agreeingPathParameters() throws {
        #expect(try invoke(#"{"httpMethod":"GET","path":"/probes/a%20b","pathParameters":{"id":"a b"}}"#).status == 200)
        #expect(
            try invoke(#"{"httpMethod":"GET","path":"/probes/a%20b","pathParameters":{"id":"a%20b"}}"#).status == 200)
        #expect(
            try invoke(#"{"httpMethod":"GET","path":"/probes/x","pathParameters":{"proxy":"probes/x"}}"#).status == 200)
    }

    @Test("refuses pathParameters that contradict the path")
    func contradictingPathParameters() throws {
        let result = try invoke(#"{"httpMethod":"GET","path":"/probes/a","pathParameters":{"id":"b"}}"#)
        #expect(result.status == 400)
        #expect(result.body["error"] as? String == "INVALID_REQUEST")
        #expect(result.body["field"] as? String == "pathParameters.id")
    }

    @Test("renders a domain error a handler throws with its code's status")
    func handlerDomainError() throws {
        let result = try invoke(#"{"httpMethod":"POST","path":"/probes/api/fail"}"#)
        #expect(result.status == 400)
        #expect(result.body["error"] as? String == "MISSING_FIELD")
        #expect(result.body["message"] as? String == "name is required")
    }

    @Test("answers any other handler failure with INTERNAL_ERROR and the request id, nothing more")
    func handlerUnexpectedError() throws {
        let result = try invoke(#"{"httpMethod":"POST","path":"/probes/other/fail"}"#)
        #expect(result.status == 500)
        #expect(result.body["error"] as? String == "INTERNAL_ERROR")
        #expect(result.body["requestId"] as? String == "req-1")
        #expect(!(result.body["message"] as? String ?? "").contains("Boom"))
    }

    @Test("answers a body that is not JSON, or has a wrongly typed field, with INVALID_REQUEST")
    func badBodies() throws {
        let notJSON = try invoke(#"{"httpMethod":"POST","path":"/probes","body":"{nope"}"#)
        #expect(notJSON.status == 400)
        #expect(notJSON.body["error"] as? String == "INVALID_REQUEST")
        #expect(notJSON.body["field"] as? String == "body")
        let wrongType = try invoke(#"{"httpMethod":"POST","path":"/probes","body":"{\"name\":5}"}"#)
        #expect(wrongType.status == 400)
        #expect(wrongType.body["error"] as? String == "INVALID_REQUEST")
        #expect(wrongType.body["field"] as? String == "name")
        let ok = try invoke(#"{"httpMethod":"POST","path":"/probes","body":{"name":"n"}}"#)
        #expect(ok.status == 201)
    }

    @Test("answers malformed events with a 400 envelope and keeps serving")
    func keepsServing() throws {
        var app = try APIApplication(groups: [HealthRoutes()])
        for event in [#""hello""#, "{}", "", "[", #"{"httpMethod":null,"path":null}"#] {
            let output = app.handle(Array(event.utf8), context: context)
            let envelope = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
            #expect(envelope["statusCode"] as? Int == 400, "event \(event)")
        }
        let output = app.handle(Array(#"{"httpMethod":"GET","path":"/health"}"#.utf8), context: context)
        #expect(String(decoding: output, as: UTF8.self).hasPrefix(#"{"statusCode":200,"#))
    }
}
