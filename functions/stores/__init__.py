"""Storage: one module per concern; the only code that knows DynamoDB item shapes."""
