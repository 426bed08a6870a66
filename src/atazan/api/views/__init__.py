"""The API's operations, one module per domain; each parses, calls selectors and shapes."""
