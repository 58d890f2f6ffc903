"""straitwatch.access."""
