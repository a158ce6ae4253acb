"""Layer 3, analysis: statistics, interval forensics, consistency checks, Kaplan-Meier
enumeration and double entry."""
