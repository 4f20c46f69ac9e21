"""The analysis stage: pure functions of (vault, settings, today) gathered into one Report."""
