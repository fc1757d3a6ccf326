import DRSLocal
import JSONCore

/// Request bodies compared as JSON documents (object key order ignored), with drs-local's `JSONValue`.
extension JSONValue {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }
    static func parse(_ bytes: [UInt8]) throws -> JSONValue { try JSONValue(parsing: bytes) }
}
