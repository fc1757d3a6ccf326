// DynamoDB client (JSON 1.0): the operations the store uses.
