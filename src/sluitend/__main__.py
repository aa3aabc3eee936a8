"""`python -m sluitend`: the same command as the console script `sluitend`.

For a machine where the console script is not on PATH (a virtual environment not activated,
a locked-down workstation): `python -m sluitend validate FILE` runs exactly what `sluitend
validate FILE` runs, exit codes included.
"""

from sluitend.cli import run

if __name__ == "__main__":
    run()
