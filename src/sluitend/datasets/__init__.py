"""READING: the canonical budget frame, one reader per source format, bundled datasets.

Kept import-light: pandas is imported by the modules that need it, not here.
"""
