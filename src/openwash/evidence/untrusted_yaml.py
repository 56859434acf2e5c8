"""YAML from the scanned repository (front matter, .openwash.yml): parsed safely.

PyYAML's safe loader, after a look at the composed node graph: anchors and aliases are refused
(a "billion laughs" document expands through them) and so are oversized documents.
"""

from __future__ import annotations

from typing import Any

from openwash.errors import OpenwashError

MAX_YAML_NODES = 20_000


def load_untrusted_yaml(text: str, label: str, what: str, line_offset: int = 1) -> Any:
    """Parse `text`; any problem is an OpenwashError naming `label` and the line."""
    import yaml

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
        where = f" at line {mark.line + line_offset}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OpenwashError(f"{label}: broken {what}{where}: {problem}") from exc
    if node is None:
        return None
    _check_nodes(node, label, what)
    return yaml.safe_load(text)


def _check_nodes(root: Any, label: str, what: str) -> None:
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise OpenwashError(f"{label}: YAML anchors and aliases are not allowed in {what}")
        seen.add(id(node))
        if len(seen) > MAX_YAML_NODES:
            raise OpenwashError(f"{label}: {what} has more than {MAX_YAML_NODES:,} YAML nodes")
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
