import JSONCore

/// A DynamoDB table the template declares (`AWS::DynamoDB::Table` or `AWS::Serverless::SimpleTable`),
/// kept so a local DynamoDB can be given the same tables.
public struct SAMTable: Sendable, Hashable {
    public var logicalID: String
    /// The resource type as written.
    public var type: String
    /// `TableName` resolved, else the logical ID (what `!Ref` of the table gives locally).
    public var tableName: String
    /// The resource's `Properties` with every intrinsic resolved.
    public var properties: JSONValue

    public init(logicalID: String, type: String, tableName: String, properties: JSONValue) {
        self.logicalID = logicalID
        self.type = type
        self.tableName = tableName
        self.properties = properties
    }
}
