"""csbook: a customer-service department's workbooks, validated and computed."""

__version__ = "0.1.0"
