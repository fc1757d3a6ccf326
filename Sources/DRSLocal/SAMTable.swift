import JSONCore

/// A DynamoDB table the template declares (`AWS::DynamoDB::Table` or `AWS::Serverless::SimpleTable`),
/// kept so a local DynamoDB can be given the same tables.
package struct SAMTable: Sendable, Hashable {
    package var logicalID: String
    /// The resource type as written.
    package var type: String
    /// `TableName` resolved, else the logical ID (what `!Ref` of the table gives locally).
    package var tableName: String
    /// The resource's `Properties` with every intrinsic resolved.
    package var properties: JSONValue

    package init(logicalID: String, type: String, tableName: String, properties: JSONValue) {
        self.logicalID = logicalID
        self.type = type
        self.tableName = tableName
        self.properties = properties
    }
}
