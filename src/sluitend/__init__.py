"""sluitend: proves that a budget table adds up, or shows where and why it does not."""

__version__ = "0.1.0"
