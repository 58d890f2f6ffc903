"""straitwatch.picture."""
