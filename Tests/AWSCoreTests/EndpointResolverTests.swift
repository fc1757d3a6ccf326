import AWSCore
import Testing

@Suite("Endpoint resolution")
struct EndpointResolverTests {
    @Test("defaults to https://{service}.{region}.amazonaws.com")
    func defaults() throws {
        let resolver = EndpointResolver(environment: [:])
        let dynamo = try resolver.endpoint(for: .dynamoDB, region: "eu-west-1")
        #expect(dynamo == AWSEndpoint(scheme: "https", host: "dynamodb.eu-west-1.amazonaws.com"))
        #expect(dynamo.origin == "https://dynamodb.eu-west-1.amazonaws.com")
        #expect(try resolver.endpoint(for: .drs, region: "us-east-2").host == "drs.us-east-2.amazonaws.com")
        #expect(try resolver.endpoint(for: .drs, region: "cn-north-1").host == "drs.cn-north-1.amazonaws.com.cn")
    }

    @Test("lets AWS_ENDPOINT_URL_<SERVICE> beat AWS_ENDPOINT_URL, per service")
    func overrides() throws {
        let resolver = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
            "AWS_ENDPOINT_URL": "http://localhost:4566/",
        ])
        #expect(
            try resolver.endpoint(for: .dynamoDB, region: "us-east-1")
                == AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 8000)
        )
        #expect(
            try resolver.endpoint(for: .drs, region: "us-east-1")
                == AWSEndpoint(scheme: "http", host: "localhost", port: 4566)
        )
        let drsOnly = EndpointResolver(environment: ["AWS_ENDPOINT_URL_DRS": "http://127.0.0.1:9002"])
        #expect(try drsOnly.endpoint(for: .drs, region: "us-east-1").port == 9002)
        #expect(try drsOnly.endpoint(for: .dynamoDB, region: "us-east-1").host == "dynamodb.us-east-1.amazonaws.com")
    }

    @Test("names the variable from the service id, upper-cased, spaces to underscores")
    func variableNames() {
        #expect(EndpointResolver.variableName(serviceID: "DynamoDB") == "AWS_ENDPOINT_URL_DYNAMODB")
        #expect(EndpointResolver.variableName(serviceID: "drs") == "AWS_ENDPOINT_URL_DRS")
        #expect(EndpointResolver.variableName(serviceID: "Elastic Beanstalk") == "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK")
    }

    @Test("ignores the variables when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true")
    func ignoreFlag() throws {
        let resolver = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        #expect(try resolver.endpoint(for: .dynamoDB, region: "us-east-1").host == "dynamodb.us-east-1.amazonaws.com")
    }

    @Test("rejects an override that is not an http(s) URL, naming the variable")
    func invalidOverride() throws {
        let resolver = EndpointResolver(environment: ["AWS_ENDPOINT_URL_DRS": "127.0.0.1:9002"])
        let error = try #require(throws: AWSConfigurationError.self) {
            try resolver.endpoint(for: .drs, region: "us-east-1")
        }
        #expect(error.code == .invalidEndpoint)
        #expect(error.message.contains("AWS_ENDPOINT_URL_DRS"))
    }

    @Test(
        "parses endpoint URLs into scheme, host, port, base path and Host header",
        arguments: [
            (
                "https://dynamodb.us-east-1.amazonaws.com", "https", "dynamodb.us-east-1.amazonaws.com", nil, "",
                "dynamodb.us-east-1.amazonaws.com"
            ),
            ("http://127.0.0.1:8000", "http", "127.0.0.1", 8000, "", "127.0.0.1:8000"),
            ("HTTP://localhost:80/", "http", "localhost", 80, "", "localhost"),
            ("https://example.com:8443/base/path/", "https", "example.com", 8443, "/base/path", "example.com:8443"),
            ("http://[::1]:9000", "http", "::1", 9000, "", "[::1]:9000"),
        ] as [(String, String, String, Int?, String, String)]
    )
    func parsesURLs(url: String, scheme: String, host: String, port: Int?, basePath: String, hostHeader: String) throws
    {
        let endpoint = try #require(AWSEndpoint(url: url))
        #expect(endpoint.scheme == scheme)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.basePath == basePath)
        #expect(endpoint.hostHeader == hostHeader)
    }

    @Test(
        "refuses URLs without scheme or host, with a bad port, or with a query",
        arguments: [
            "localhost:8000", "ftp://example.com", "http://", "http://host:0", "http://host:99999", "http://host/?a=b",
            "http://user@host",
        ])
    func refusesURLs(url: String) {
        #expect(AWSEndpoint(url: url) == nil)
    }
}
