import AWSAdapters
import AWSCore
import DRS
import Orchestrator
import TestSupport
import Testing

/// `DRSClient` as the domain's `DRSGateway` (AWSAdapters): DRS's own answers pass through as
/// `DRSError`; failures below DRS reach the domain as `DRSUnreachable`, which the runner classifies
/// without knowing the transport.
@Suite("DRS gateway adapter")
struct DRSGatewayAdapterTests {
    static let credentials = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1",
    ]

    static func gateway(_ replies: [FakeTransport.Reply], environment: [String: String] = credentials)
        -> any DRSGateway
    {
        DRSClient(
            client: AWSClient(
                configuration: AWSConfiguration(environment: environment, readFile: { _ in nil }),
                transport: FakeTransport(replies: replies), clock: FakeClock().clock, random: { 0.5 }))
    }

    static func failure(of call: (any DRSGateway) throws -> Void, _ gateway: any DRSGateway) -> (any Error)? {
        do {
            try call(gateway)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "a connection never made is not sent (the start is deferred); a timeout or a lost connection lost its answer",
        arguments: [
            (TransportError.Code.connectionFailed, DRSUnreachable.Reason.notSent),
            (.tlsFailed, .notSent), (.timedOut, .answerLost), (.connectionLost, .answerLost),
        ])
    func transportFailures(code: TransportError.Code, reason: DRSUnreachable.Reason) throws {
        let gateway = Self.gateway(Array(repeating: .transportFailure(code), count: 8))
        let error = try #require(
            Self.failure(
                of: { _ = try $0.startRecovery(serverIDs: ["s-1"], isDrill: true, region: "us-east-1", deadline: nil) },
                gateway)
                as? DRSUnreachable)
        #expect(error.reason == reason)
        let outcome = ExecutionRunner.outcome(of: error, attempt: 1)
        if reason == .notSent {
            guard case .deferred = outcome else { Issue.record("expected deferred, got \(outcome)"); return }
        } else {
            guard case .inconclusive = outcome else { Issue.record("expected inconclusive, got \(outcome)"); return }
        }
    }

    @Test("no credentials or region: DRS cannot be called, and a start is refused")
    func notConfigured() throws {
        let gateway = Self.gateway([], environment: [:])
        let error = try #require(
            Self.failure(of: { _ = try $0.sourceServers(region: "us-east-1") }, gateway) as? DRSUnreachable)
        #expect(error.reason == .notConfigured)
        #expect(error.errorType == "AWSConfigurationError")
        guard case .refused = ExecutionRunner.outcome(of: error, attempt: 1) else {
            Issue.record("a start without credentials must be refused")
            return
        }
    }

    @Test("DRS's own error answer passes through as DRSError, not as unreachable")
    func serviceErrorsPassThrough() throws {
        let gateway = Self.gateway([.awsError(403, code: "AccessDeniedException", message: "Denied")])
        let error = try #require(
            Self.failure(of: { _ = try $0.jobs(JobFilters(), region: "us-east-1") }, gateway) as? DRSError)
        #expect(error.code == .accessDenied)
        #expect(error.serviceError?.status == 403)
    }
}
