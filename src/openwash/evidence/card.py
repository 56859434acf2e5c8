"""The model card: YAML front matter (Hugging Face keys) and its prose, with line numbers.

Front matter is parsed with PyYAML's safe loader, refusing anchors and aliases (a "billion laughs"
document expands through them) and oversized documents; a broken front matter is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openwash.errors import OpenwashError

MAX_FRONT_MATTER_BYTES = 256 * 1024
MAX_YAML_NODES = 20_000


@dataclass(frozen=True)
class Card:
    path: str
    lines: tuple[str, ...]  # the whole file, line i+1 at index i
    front: dict[str, Any] = field(default_factory=dict)
    front_end: int = 0  # number of lines taken by the front matter block (0 when none)

    @property
    def has_front_matter(self) -> bool:
        return self.front_end > 0

    def key_line(self, key: str) -> int | None:
        """1-based line of a top-level front-matter key, for quoting it."""
        prefix = f"{key}:"
        for i in range(min(self.front_end, len(self.lines))):
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
    import yaml

    if len(text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise OpenwashError(f"{label}: YAML front matter is larger than {MAX_FRONT_MATTER_BYTES:,} bytes")
    try:
        # Compose first: the node graph is small even for an alias bomb, so it can be checked
        # before anything is expanded.
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OpenwashError(f"{label}: broken YAML front matter{where}: {problem}") from exc
    if node is None:
        return {}
    _check_nodes(node, label)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise OpenwashError(f"{label}: YAML front matter is not a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


def _check_nodes(root: Any, label: str) -> None:
    import yaml

    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise OpenwashError(f"{label}: YAML anchors and aliases are not allowed in front matter")
        seen.add(id(node))
        count += 1
        if count > MAX_YAML_NODES:
            raise OpenwashError(f"{label}: YAML front matter has more than {MAX_YAML_NODES:,} nodes")
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


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
