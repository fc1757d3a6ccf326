import ArgumentParser
import DRSLocal
import Foundation

/// The local DynamoDB: a moto server drs-local starts (and stops), with the template's tables.
struct DynamoDBOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: "Start moto as the children's DynamoDB, with the template's tables (--no-moto: use --env's endpoint).")
    var moto = true

    @Option(help: "moto's port (0: any free port).")
    var motoPort = 8000

    @Option(
        help: ArgumentHelp("Python with moto[server] (default: .venv/bin/python, else python3).", valueName: "path"))
    var motoPython: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Have moto verify the SigV4 signature of every request (with a key made in moto's IAM).")
    var verifySignatures = true

    @Option(
        help: ArgumentHelp(
            "DynamoDB endpoint the functions use instead of moto's (e.g. a fault-injecting proxy in front of it); "
                + "tables are still created in moto.", valueName: "url"))
    var dynamodbEndpointForFunctions: String?

    /// Starts moto, creates the template's tables and points the children at it; nil with `--no-moto`.
    func startMoto(for configuration: inout EmulatorConfiguration) throws -> MotoServer? {
        guard moto else { return nil }
        let python =
            motoPython
            ?? (FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3")
        let server = try MotoServer(python: python, port: motoPort, verifySignatures: verifySignatures)
        // Children sign with moto's key (the DRS simulator trusts the children's credentials).
        configuration.environmentOverrides.merge(server.clientEnvironment) { explicit, _ in explicit }
        let created = try TableProvisioner(
            environment: configuration.environmentOverrides.merging(["AWS_REGION": configuration.region]) { $1 }
        ).createTables(of: configuration.template)
        if let dynamodbEndpointForFunctions {
            configuration.environmentOverrides["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodbEndpointForFunctions
        }
        configuration.log(
            "DynamoDB (moto \(MotoServer.pinnedVersion))  \(server.endpoint)  "
                + (verifySignatures ? "verifying every signature" : "not verifying signatures")
                + (dynamodbEndpointForFunctions.map { "\n      functions use \($0)" } ?? "")
                + "\n      tables: \(created.isEmpty ? "(none new)" : created.joined(separator: ", "))")
        return server
    }
}

/// Stops moto with the rest of the stack.
struct MotoService: EmulatorService {
    let server: MotoServer
    var name: String { "moto" }
    func start(in emulator: Emulator) async throws {}
    func stop() async { server.stop() }
}
