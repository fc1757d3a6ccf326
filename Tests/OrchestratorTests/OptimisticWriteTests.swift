import Orchestrator
import Testing

/// A read–decide–write cycle that lost a race is retried after a jittered back-off, and the wait
/// goes through the domain environment's `sleep`: tests with a fake clock never really sleep.
@Suite("Optimistic writes")
struct OptimisticWriteTests {
    @Test("a write that keeps losing its race waits through the injected sleep before each retry, then is THROTTLED")
    func backOffThroughInjectedSleep() {
        var attempts = 0
        var waits: [Int64] = []
        let error = #expect(throws: DomainError.self) {
            try OptimisticWrite.run(sleep: { waits.append($0) }) { () throws -> Int in
                attempts += 1
                throw StoreError.contention
            }
        }
        #expect(error?.code == .throttled)
        #expect(attempts == OptimisticWrite.maxAttempts)
        #expect(waits.count == OptimisticWrite.maxAttempts - 1)
        for (index, wait) in waits.enumerated() {
            #expect((0...OptimisticWrite.ceiling(before: index + 1)).contains(wait))
        }
    }

    @Test("the back-off ceiling starts at 10 ms, doubles per retry and stops at 400 ms")
    func ceilings() {
        #expect((1...7).map(OptimisticWrite.ceiling(before:)) == [10, 20, 40, 80, 160, 320, 400])
        #expect(OptimisticWrite.ceiling(before: 11) == 400)
    }

    @Test("a write that wins after two lost races returns its result, having waited twice")
    func winsAfterRetries() throws {
        var attempts = 0
        var waits: [Int64] = []
        let result = try OptimisticWrite.run(sleep: { waits.append($0) }) { () throws -> String in
            attempts += 1
            if attempts <= 2 { throw StoreError.conditionFailed(indices: [0]) }
            return "written"
        }
        #expect(result == "written")
        #expect(waits.count == 2)
    }

    @Test("the body's own error is not a lost race: it is thrown at once, without waiting")
    func domainErrorsPassThrough() {
        var waits: [Int64] = []
        let error = #expect(throws: DomainError.self) {
            try OptimisticWrite.run(sleep: { waits.append($0) }) { () throws -> Int in
                throw DomainError(.invalidRequest, "bad")
            }
        }
        #expect(error?.code == .invalidRequest)
        #expect(waits.isEmpty)
    }
}
