"""Write the generated rule-file reference into README.md between its markers.

Run after changing a rule kind's docstring or its data file (`src/sluitend/rules/kinds/`):
`python tools/update_readme.py`.
tests/test_readme.py fails while the README is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sluitend.rules.reference import reference_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rule-reference:start[^>]*-->\n).*?(<!-- rule-reference:end -->)", re.S)


def updated(text: str) -> str:
    """The README text with the current reference between the markers."""
    # The reference's headings start at ##; under the README's "## Rules" they go one down.
    body = re.sub(r"^(#+) ", r"#\1 ", reference_markdown().strip(), flags=re.M)
    return BLOCK.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    README.write_text(updated(text), encoding="utf-8")
    sys.exit(0)
