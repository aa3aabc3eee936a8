"""DECLARING: rule kinds, rule-file loading, bundled rule packs. Imports no pandas/pandera."""
