"""straitwatch.web."""
