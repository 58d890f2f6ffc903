"""straitwatch.documents."""
