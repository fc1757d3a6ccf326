/// The keys to read from one table in `BatchGetItem`, and how.
package struct KeysAndAttributes: Sendable, Equatable, Codable {
    /// Full primary keys; any number (the client sends them 100 at a time).
    package var keys: [DynamoDBItem]
    /// Strongly consistent reads.
    package var consistentRead: Bool?
    /// The attributes to return; all when nil.
    package var projectionExpression: String?
    /// Substitutes for `#name` placeholders in the projection.
    package var expressionAttributeNames: [String: String]?

    /// Keys and options.
    package init(
        keys: [DynamoDBItem],
        consistentRead: Bool? = nil,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil
    ) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case keys = "Keys"
        case consistentRead = "ConsistentRead"
        case projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
    }

    /// Reads the wire form from a response body (`UnprocessedKeys`), as `init(from:)` does.
    static func read(_ reader: inout AttributeJSONReader) throws -> KeysAndAttributes {
        var request = KeysAndAttributes(keys: [])
        var sawKeys = false
        try reader.readObject { reader, key in
            switch key {
            case "Keys":
                request.keys = try reader.readItems()
                sawKeys = true
            case "ConsistentRead": request.consistentRead = try reader.readNull() ? nil : reader.readBool()
            case "ProjectionExpression":
                request.projectionExpression = try reader.readNull() ? nil : reader.readString()
            case "ExpressionAttributeNames":
                guard try !reader.readNull() else { return }
                var names: [String: String] = [:]
                try reader.readObject { reader, placeholder in names[placeholder] = try reader.readString() }
                request.expressionAttributeNames = names
            default: try reader.skipValue()
            }
        }
        guard sawKeys else { throw reader.error("KeysAndAttributes without Keys") }
        return request
    }
}
