import Orchestrator
import Testing

/// The engine's timings a deployment sets through its environment (template parameters, drills on
/// the simulator).
@Suite("Engine configuration from the environment")
struct EngineConfigurationTests {
    @Test("no variables: the defaults (1800 s wave timeout, 300 s start lease, 30 s start retry)")
    func defaults() {
        let configuration = ExecutionEngine.Configuration(environment: [:])
        #expect(configuration == ExecutionEngine.Configuration())
        #expect(configuration.waveTimeout == 1_800_000)
        #expect(configuration.startLease == 300_000)
        #expect(configuration.startRetryDelay == 30_000)
    }

    @Test("WAVE_TIMEOUT_SECONDS, START_LEASE_SECONDS and START_RETRY_SECONDS set the timings in seconds")
    func overrides() {
        let configuration = ExecutionEngine.Configuration(environment: [
            "WAVE_TIMEOUT_SECONDS": "600", "START_LEASE_SECONDS": "4", "START_RETRY_SECONDS": "2",
        ])
        #expect(configuration.waveTimeout == 600_000)
        #expect(configuration.startLease == 4_000)
        #expect(configuration.startRetryDelay == 2_000)
        #expect(configuration.clockSkew == ExecutionEngine.Configuration().clockSkew)
        #expect(configuration.maxStartAttempts == ExecutionEngine.Configuration().maxStartAttempts)
    }

    @Test(
        "a value that is not a positive whole number of seconds keeps the default",
        arguments: ["", "0", "-5", "abc", "1.5", " 60", "9223372036854775807"])
    func invalidValuesKeepDefaults(value: String) {
        let configuration = ExecutionEngine.Configuration(environment: [
            "WAVE_TIMEOUT_SECONDS": value, "START_LEASE_SECONDS": value, "START_RETRY_SECONDS": value,
        ])
        #expect(configuration == ExecutionEngine.Configuration())
    }
}
