"""Layer 6, the reports: what is specific to one report and cannot be data."""
