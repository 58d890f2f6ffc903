"""straitwatch.geo."""
