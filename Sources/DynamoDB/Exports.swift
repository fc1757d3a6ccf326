// The item model (attribute values, items, the item coders) lives in DynamoDBModel, which the
// domain uses without the client; DynamoDB's importers keep seeing it.
@_exported import DynamoDBModel
