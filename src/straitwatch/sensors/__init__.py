"""straitwatch.sensors."""
