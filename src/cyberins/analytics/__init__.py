"""Portfolio analytics (read-only): exposure of the in-force book, scenarios and the stochastic model."""
