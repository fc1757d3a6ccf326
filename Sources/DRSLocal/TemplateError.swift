/// Why a SAM template could not be read; `message` names the file, resource or property at fault.
package struct TemplateError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The file could not be read.
        case unreadable
        /// The text is not YAML, or its top level is not a mapping.
        case invalidYAML
        /// An intrinsic function (`!Sub`, `!Ref`, `Fn::Join`, …) has the wrong shape or refers to nothing.
        case invalidIntrinsic
        /// A resource property has the wrong type (a `Timeout` that is not a number, …).
        case invalidProperty
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "template \(code.rawValue): \(message)" }
}
