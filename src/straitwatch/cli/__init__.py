"""straitwatch.cli."""
