import Synchronization

/// A random source for tests: returns the scripted numbers in order, cycling; 0.5 when given none.
package final class ScriptedRandom: Sendable {
    private let values: [Double]
    private let index = Mutex(0)

    package init(_ values: [Double]) {
        self.values = values
    }

    /// The next scripted number.
    package func next() -> Double {
        guard !values.isEmpty else { return 0.5 }
        return index.withLock { index in
            defer { index = (index + 1) % values.count }
            return values[index]
        }
    }

    /// This source as the closure `AWSClient` takes.
    package var source: @Sendable () -> Double {
        { [self] in next() }
    }
}
