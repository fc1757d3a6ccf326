import Foundation
import LambdaRuntime
import Testing

@Suite("The process environment")
struct ProcessEnvironmentTests {
    @Test("reads every variable through environ, as Foundation sees them")
    func matchesFoundation() {
        #expect(ProcessEnvironment.current == ProcessInfo.processInfo.environment)
    }
}
