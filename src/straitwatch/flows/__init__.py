"""straitwatch.flows."""
