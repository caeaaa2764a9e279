"""Personal-data providers, their declarations and the records of processing.

The registry lives low (next to the audit trail) so every package can declare what it
holds without importing the packages above it; the composition root registers them.
"""
