import AWSCore
import Synchronization

/// A clock for tests: time stands still until something sleeps, and sleeping only moves the time.
/// Records every sleep so a test can check backoff delays.
package final class FakeClock: Sendable {
    private struct State {
        var now: Int64
        var sleeps: [Int64] = []
    }

    private let state: Mutex<State>

    /// Starts at `startMilliseconds` since the epoch (default 2015-08-30T12:36:00Z, the SigV4 suite's time).
    package init(startMilliseconds: Int64 = 1_440_938_160_000) {
        state = Mutex(State(now: startMilliseconds))
    }

    /// The current fake time, in milliseconds since the epoch.
    package var nowMilliseconds: Int64 {
        state.withLock { $0.now }
    }

    /// Every sleep requested so far, in milliseconds, in order.
    package var sleeps: [Int64] {
        state.withLock { $0.sleeps }
    }

    /// Moves the time forward without recording a sleep (time spent elsewhere).
    package func advance(by milliseconds: Int64) {
        state.withLock { $0.now += milliseconds }
    }

    /// An `AWSClock` reading and advancing this fake time.
    package var clock: AWSClock {
        AWSClock(
            nowMilliseconds: { [self] in nowMilliseconds },
            sleep: { [self] milliseconds in
                state.withLock {
                    $0.sleeps.append(milliseconds)
                    $0.now += max(0, milliseconds)
                }
            }
        )
    }
}
