/// A DynamoDB item (or key): attribute names to values, e.g. `["pk": "PLAN#1", "version": 3]`.
package typealias DynamoDBItem = [String: AttributeValue]
