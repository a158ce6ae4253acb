"""Layer 5, presentation: book tables and figures."""
