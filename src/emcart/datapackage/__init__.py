"""Layer 1, the data package: loading the curated CSV tables, their Frictionless schema, the
cross-table rules, cell-level provenance and the problem type that locates every failure."""
