"""The model card: YAML front matter (Hugging Face keys) and its prose, with line numbers.

Front matter is parsed by evidence.untrusted_yaml (safe loader, no aliases, size caps); a broken front
matter is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openwash.errors import OpenwashError
from openwash.evidence.untrusted_yaml import load_untrusted_yaml

MAX_FRONT_MATTER_BYTES = 256 * 1024


@dataclass(frozen=True)
class Card:
    """A model card or card-like file: its lines and its parsed YAML front matter."""

    path: str
    lines: tuple[str, ...]  # the whole file, line i+1 at index i
    front: dict[str, Any] = field(default_factory=dict)
    front_end: int = 0  # number of lines taken by the front matter block (0 when none)

    @property
    def has_front_matter(self) -> bool:
        return self.front_end > 0

    def key_line(self, key: str) -> int | None:
        """1-based line of a top-level front-matter key, for quoting it. The last one: with a key
        given twice, YAML keeps the last value, and the quote must show what was used."""
        prefix = f"{key}:"
        for i in range(min(self.front_end, len(self.lines)) - 1, -1, -1):
            if self.lines[i].startswith(prefix):
                return i + 1
        return None

    def key_quote(self, key: str) -> tuple[int | None, str]:
        line = self.key_line(key)
        if line is None:
            return None, f"{key}: {self.front.get(key)}"
        return line, self.lines[line - 1].strip()

    def body(self) -> list[tuple[int, str]]:
        """(line number, text) of the prose after the front matter."""
        return [(i + 1, self.lines[i]) for i in range(self.front_end, len(self.lines))]

    def get_list(self, key: str) -> list[str]:
        value = self.front.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int, float)):
            return [str(value)]
        if isinstance(value, list):
            return [str(v) for v in value if isinstance(v, (str, int, float))]
        return []


def _load_front_matter(text: str, label: str) -> dict[str, Any]:
    if len(text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise OpenwashError(f"{label}: YAML front matter is larger than {MAX_FRONT_MATTER_BYTES:,} bytes")
    data = load_untrusted_yaml(text, label, "YAML front matter", line_offset=2)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise OpenwashError(f"{label}: YAML front matter is not a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


def parse_card(path: str, text: str) -> Card:
    lines = tuple(text.split("\n"))
    if not lines or lines[0].strip() != "---":
        return Card(path, lines)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            front = _load_front_matter("\n".join(lines[1:i]), path)
            return Card(path, lines, front, i + 1)
    # An opening fence without a closing one: a Markdown horizontal rule, not front matter.
    return Card(path, lines)
