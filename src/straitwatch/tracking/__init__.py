"""straitwatch.tracking."""
