"""Layer 7, the build: notebook execution and the Sphinx extension."""
