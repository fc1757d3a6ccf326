/// What one engine step decided.
///
/// The executor writes `.update`'s execution conditionally on the stored `version` (which it then
/// increments) and, only if that write won, performs the effect. `.unchanged` means write nothing
/// and call nothing. An effect never comes without a new state: the state records the intent.
package enum EngineDecision: Sendable, Equatable {
    /// Nothing to write, nothing to call.
    case unchanged
    /// Write this state; then, if the write won, perform the effect.
    case update(Execution, effect: EngineEffect?)

    /// The state to write; nil for `.unchanged`.
    package var execution: Execution? {
        guard case .update(let execution, _) = self else { return nil }
        return execution
    }

    /// The call to make after the write; nil when there is none.
    package var effect: EngineEffect? {
        guard case .update(_, let effect) = self else { return nil }
        return effect
    }
}
