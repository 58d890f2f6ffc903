"""straitwatch.intel."""
