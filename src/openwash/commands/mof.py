"""`openwash mof FILE`: the Model Openness Framework class of a Model Openness Tool model YAML.

The file is read defensively (size cap, strict UTF-8, no YAML aliases, no duplicate keys),
validated against MOT's published schema, and rated by `openwash.assess.mof.classify_model`.
yaml and jsonschema are imported inside `run`, so that loading the CLI stays cheap.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openwash.errors import OpenwashError

if TYPE_CHECKING:
    from openwash.assess.mof import MofResult

HELP = "Model Openness Framework class of a Model Openness Tool model YAML file, as MOT computes it"

MAX_BYTES = 1024 * 1024  # MOT model files are a few KiB
_MAX_MESSAGE = 240
_CLASS_NAMES = {"3": "Class III", "2": "Class II", "1": "Class I"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a MOT model YAML file (framework: / release:)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    from openwash.assess.mof import classify_model

    path = str(args.file)
    data = _validate(path, _load_yaml(path, _read_text(path)))
    try:
        result = classify_model(data)
    except ValueError as exc:  # the schema admits nothing classify_model rejects; belt and braces
        raise OpenwashError(f"{path}: not a MOT model: {exc}") from exc
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        release = data.get("release")
        name = release.get("name") if isinstance(release, dict) else None
        print(render_text(result, name if isinstance(name, str) and name else path))
    return 0


def _read_text(path: str) -> str:
    p = Path(path)
    if p.is_dir():
        raise OpenwashError(f"{path}: is a directory, not a model YAML file")
    if not p.exists():
        raise OpenwashError(f"{path}: no such file")
    if not p.is_file():
        raise OpenwashError(f"{path}: not a regular file")
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise OpenwashError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise OpenwashError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not a model YAML file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpenwashError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _load_yaml(path: str, text: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.load(text, Loader=_strict_loader())  # a SafeLoader subclass
    except _Refused as exc:
        raise OpenwashError(f"{path}: {exc}") from exc
    except yaml.MarkedYAMLError as exc:
        where = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark is not None else ""
        problem = exc.problem or exc.context or "syntax error"
        raise OpenwashError(f"{path}: invalid YAML{where}: {problem}") from exc
    except yaml.YAMLError as exc:
        raise OpenwashError(f"{path}: invalid YAML: {_clip(str(exc))}") from exc
    except RecursionError as exc:
        raise OpenwashError(f"{path}: invalid YAML: nested too deeply") from exc
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise OpenwashError(f"{path}: the top level is {kind}, not a mapping")
    return data


def _validate(path: str, data: dict[str, Any]) -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from openwash.assess.mof import model_schema

    validator = Draft202012Validator(model_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    error = best_match(validator.iter_errors(data))
    if error is not None:
        raise OpenwashError(
            f"{path}: does not match the MOT model schema at {error.json_path}: {_clip(error.message)}"
        )
    return data


class _Refused(Exception):
    """A YAML construct the loader refuses (aliases, duplicate keys)."""


def _strict_loader() -> type[Any]:
    """A SafeLoader that refuses aliases (no billion laughs) and duplicate keys, and keeps dates as text."""
    import yaml

    timestamp = "tag:yaml.org,2002:timestamp"

    class StrictLoader(yaml.SafeLoader):
        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Refused(f"YAML aliases are not allowed (line {mark.line + 1})")
            return super().compose_node(parent, index)

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        line = key_node.start_mark.line + 1
                        raise _Refused(f"duplicate key {key_node.value!r} at line {line}")
                    seen.add(key)
            return super().construct_mapping(node, deep=deep)

    # MOT's schema wants dates as strings: an unquoted 2024-12-15 stays the string it looks like.
    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != timestamp]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StrictLoader


def _clip(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."


def percent(progress: float) -> str:
    """Progress for display: rounded, but never 100% unless met, nor 0% unless nothing counts."""
    shown = math.floor(progress + 0.5)
    if progress < 100:
        shown = min(shown, 99)
    if progress > 0:
        shown = max(shown, 1)
    return f"{shown}%"


def render_text(result: MofResult, name: str) -> str:
    lines = [f"{name}: {result.label}"]
    lines.append(
        "Progress: " + ", ".join(f"{_CLASS_NAMES[c]}: {percent(result.progress[c])}" for c in ("3", "2", "1"))
    )
    from openwash.assess.mof import RESEARCH_PAPER, TECHNICAL_REPORT

    # MOT keeps an unlicensed or invalid technical report in its lists even when an open
    # research paper stands in for it (and is counted instead); say so rather than hide it.
    paper_counts = all(
        RESEARCH_PAPER not in d["1"] for d in (result.missing, result.unlicensed, result.invalid)
    )
    shown: dict[str, set[str]] = {"missing": set(), "unlicensed": set(), "invalid": set()}
    for c in ("3", "2", "1"):
        # Each class needs everything the classes above it need; list only what it adds.
        rows = []
        for key, what, lists in (
            ("missing", "missing", result.missing),
            ("unlicensed", "listed without a licence", result.unlicensed),
            ("invalid", "under a licence the tool does not accept", result.invalid),
        ):
            new = [n for n in lists[c] if n not in shown[key]]
            shown[key].update(new)
            if new:
                labels = [
                    f"{n} (not needed: the research paper stands in for it)"
                    if n == TECHNICAL_REPORT and paper_counts
                    else n
                    for n in new
                ]
                rows.append(f"  {what}: {', '.join(labels)}")
        if rows:
            lines.append(f"{_CLASS_NAMES[c]} also needs:" if c != "3" else "Class III needs:")
            lines.extend(rows)
    lines.extend(f"warning: {w}" for w in result.warnings)
    return "\n".join(lines)
