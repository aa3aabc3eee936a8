"""WIRING: the Click commands. (Being built.)"""

import click


@click.group()
def main() -> None:
    """sluitend: validate budget tables."""
