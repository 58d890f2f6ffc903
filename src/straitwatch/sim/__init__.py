"""straitwatch.sim: a simulated day in the Dover Strait (see __init__ once complete)."""
