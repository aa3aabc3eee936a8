"""sluitend: proves that a budget table adds up, or shows where and why it does not."""

__version__ = "0.1.0"

# Register every domain's formats, dataset kinds and packs (pure Python, cheap): whichever
# module a caller imports first, the registry is complete.
from sluitend import domains as _domains  # noqa: F401
