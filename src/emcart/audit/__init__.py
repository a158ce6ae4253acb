"""Layer 4, the audit: published statistics against their recomputations, one status each."""
