import AWSCore
import DRSLocal
import Testing

@Suite("drs-local points its children at the DRS simulator")
struct EmulatorDRSWiringTests {
    static let template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: api
              Handler: bootstrap
              Runtime: provided.al2023
        """

    static func configuration(parent: [String: String], overrides: [String: String] = [:]) throws
        -> EmulatorConfiguration
    {
        var configuration = EmulatorConfiguration(
            template: try SAMTemplate(yaml: template, region: "us-east-1"), bootstrapPath: "/bin/true")
        configuration.parentEnvironment = parent
        configuration.environmentOverrides = overrides
        return configuration
    }

    @Test("children get the simulator's URL and the local credentials when drs-local has none")
    func localCredentials() throws {
        var configuration = try Self.configuration(parent: ["PATH": "/usr/bin"])
        let signer = configuration.useDRSSimulator(endpointURL: "http://127.0.0.1:4599")
        let function = try #require(configuration.template.functions.first)
        let environment = configuration.childEnvironment(for: function, instance: 0, runtimePort: 1)
        #expect(environment["AWS_ENDPOINT_URL_DRS"] == "http://127.0.0.1:4599")
        #expect(environment["AWS_ACCESS_KEY_ID"] == "AKIDLOCALDRS")
        #expect(environment["AWS_SECRET_ACCESS_KEY"] == DRSSimulatorConfiguration.localCredentials.secretAccessKey)
        #expect(signer == DRSSimulatorConfiguration.localCredentials)
    }

    @Test("drs-local's own credentials pass through, and an --env endpoint wins")
    func userSettingsWin() throws {
        var configuration = try Self.configuration(
            parent: ["AWS_ACCESS_KEY_ID": "AKIDMINE", "AWS_SECRET_ACCESS_KEY": "mine"],
            overrides: ["AWS_ENDPOINT_URL_DRS": "http://127.0.0.1:9999"]
        )
        let signer = configuration.useDRSSimulator(endpointURL: "http://127.0.0.1:4599")
        let function = try #require(configuration.template.functions.first)
        let environment = configuration.childEnvironment(for: function, instance: 0, runtimePort: 1)
        #expect(environment["AWS_ENDPOINT_URL_DRS"] == "http://127.0.0.1:9999")
        #expect(environment["AWS_ACCESS_KEY_ID"] == "AKIDMINE")
        #expect(signer.accessKeyID == "AKIDMINE")
    }
}
