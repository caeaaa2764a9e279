"""Synthetic document photos for tests and benchmarks.

Renders Turkish ID cards, passports and utility bills with Pillow, then "photographs"
them on varied surfaces so quality checks, MRZ reading and OCR can be tested without
real personal data. Everything is driven by a `random.Random` so a seed reproduces a
picture exactly.
"""
