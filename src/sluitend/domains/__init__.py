"""The domains sluitend knows, each a peer: its vocabulary, readers and rule packs together.

Importing this package registers every domain with `sluitend.datasets.registry`. Adding a
domain is a folder beside these and one import below; the generic layers never change.
"""

# The Rijksbegroting first: kinds and formats are listed in the order registered.
# isort: off
from sluitend.domains import rijk
from sluitend.domains import iv3

# isort: on

__all__ = ["iv3", "rijk"]
