"""straitwatch.api."""
