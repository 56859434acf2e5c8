"""YAML from the scanned repository (front matter, .openwash.yml): parsed safely.

PyYAML's safe loader, after a look at the composed node graph: anchors and aliases are refused
(a "billion laughs" document expands through them) and so are oversized or deeply nested
documents. A document that parses but does not construct (an impossible date, `!!int "abc"`,
an unhashable key, a `!!python/...` tag) is an error too, never a traceback.
"""

from __future__ import annotations

from typing import Any

from openwash.errors import OpenwashError

MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 64  # PyYAML composes and constructs recursively: refuse depth before it recurses


def load_untrusted_yaml(text: str, label: str, what: str, line_offset: int = 1) -> Any:
    """Parse `text`; any problem is an OpenwashError naming `label` and the line."""
    import yaml

    _check_depth(text, label, what)
    try:
        # Compose first: the node graph is small even for an alias bomb, so it can be checked
        # before anything is expanded.
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_nodes(node, label, what)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + line_offset}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OpenwashError(f"{label}: broken {what}{where}: {problem}") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        # The safe constructor's own failures: a date that does not exist, a number that is not.
        raise OpenwashError(f"{label}: {what} holds a value YAML cannot construct ({exc})") from exc
    except RecursionError as exc:
        raise OpenwashError(f"{label}: {what} is nested too deeply") from exc


def _check_depth(text: str, label: str, what: str) -> None:
    """Refuse flow or block nesting deeper than MAX_YAML_DEPTH, from the parser's events (which
    are produced without recursion), before the recursive composer sees the document."""
    import yaml

    depth = 0
    loader = yaml.SafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise OpenwashError(f"{label}: {what} is nested more than {MAX_YAML_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # reported, with its line, by the parse that follows
    finally:
        loader.dispose()


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
