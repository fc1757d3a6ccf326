/// Why a SAM template could not be read; `message` names the file, resource or property at fault.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file could not be read.
        case unreadable
        /// The text is not YAML, or its top level is not a mapping.
        case invalidYAML
        /// An intrinsic function (`!Sub`, `!Ref`, `Fn::Join`, …) has the wrong shape or refers to nothing.
        case invalidIntrinsic
        /// A resource property has the wrong type (a `Timeout` that is not a number, …).
        case invalidProperty
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "template \(code.rawValue): \(message)" }
}
