"""Layer 2, the model: course clocks, per-patient outcomes, follow-up, and the vocabulary shared
by every layer above."""
