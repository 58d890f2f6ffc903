"""straitwatch.assessment."""
