"""Loading the package's data files (YAML, JSON), once per process.

The files are read by path beside this module (the package is always installed as files: the
SPDX index and the rules live there too), which spares `importlib.resources` and what it imports.
Parsing the YAML data costs more than the rest of a typical scan's own work, so the parsed value
is kept as a marshal file named by the digest of the YAML text: in the package's data folder when
an install or image build made it (`python -m openwash.datafiles --build`), else in the user cache.
A changed file has another digest, so a kept value can never be stale.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sys
from collections.abc import Callable
from typing import Any

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_KEPT_FOLDER = "parsed"  # inside openwash/data


def data_path(*parts: str) -> str:
    """A file of the package, e.g. data_path("data", "mof", "open_licenses.json")."""
    return os.path.join(_PACKAGE, *parts)


def read_json(*parts: str) -> Any:
    """A JSON file of the package (a fresh value each call), by way of its kept parsed form."""
    return _load(data_path(*parts), "/".join(parts[1:] if parts[0] == "data" else parts), _parse_json)


def _yaml_path(name: str) -> str:
    package, _, filename = name.rpartition("/")
    return data_path(*(package.split("/") if package else ["data"]), filename)


def _kept_prefix(name: str) -> str:
    return "data-" + name.replace("/", "-").removesuffix(".yaml").removesuffix(".json") + "-"


def _kept_name(name: str, raw: bytes) -> str:
    try:  # CPython's own module: hashlib would load OpenSSL as well
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    tag = sys.implementation.cache_tag or "py"
    return f"{_kept_prefix(name)}{blake2b(raw, digest_size=12).hexdigest()}-{tag}.marshal"


def _kept_locations(kept: str) -> list[str]:
    from openwash.usercache import cache_dir

    return [data_path("data", _KEPT_FOLDER, kept), os.path.join(cache_dir(), kept)]


def _parse(raw: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)


@functools.cache
def load_yaml(name: str) -> Any:
    """A YAML file from openwash/data or openwash/clauses/rules (`clauses/rules/osd.yaml`)."""
    return _load(_yaml_path(name), name, _parse)


def _parse_json(raw: bytes) -> Any:
    import json

    return json.loads(raw.decode("utf-8"))


def _load(path: str, name: str, parse: Callable[[bytes], Any]) -> Any:
    """The parsed content of the file `path` (`name`: its name for the kept form)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    kept = _kept_name(name, raw)
    locations = _kept_locations(kept)
    for where in locations:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError), open(where, "rb") as fh:
            return marshal.loads(fh.read())
    value = parse(raw)
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a type marshal cannot hold (a YAML date): parse each time
        return value
    from openwash.usercache import write_atomic

    with contextlib.suppress(OSError):  # a read-only cache: parse again next time
        write_atomic(locations[1], blob)
        folder = os.path.dirname(locations[1])
        for old in os.listdir(folder):  # an edited file's older forms: one kept per file
            if old.startswith(_kept_prefix(name)) and old != kept:
                os.unlink(os.path.join(folder, old))
    return value


def _data_files() -> list[tuple[str, str, Callable[[bytes], Any]]]:
    """(name, path, parser) of every YAML and JSON data file, named as `load_yaml`/`read_json` do."""
    out: list[tuple[str, str, Callable[[bytes], Any]]] = []
    for folder in ("data", "data/mof", "clauses/rules"):
        prefix = "" if folder == "data" else folder.removeprefix("data/") + "/"
        for entry in sorted(os.listdir(data_path(*folder.split("/")))):
            path = data_path(*folder.split("/"), entry)
            if entry.endswith(".yaml"):
                out.append((prefix + entry, path, _parse))
            elif entry.endswith(".json"):
                out.append((prefix + entry, path, _parse_json))
    return out


def build(target: str) -> list[str]:
    """Write the parsed form of every YAML and JSON data file into the folder `target`: what an
    install or an image build runs once."""
    os.makedirs(target, exist_ok=True)
    written = []
    for name, path, parse in _data_files():
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            blob = marshal.dumps(parse(raw))
        except ValueError:
            continue
        kept = os.path.join(target, _kept_name(name, raw))
        with open(kept, "wb") as fh:
            fh.write(blob)
        written.append(kept)
    return written


def main(argv: list[str] | None = None) -> int:
    """`--build` into the user cache, `--build-into-package` into openwash/data/parsed (an image)."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--build"]:
        from openwash.usercache import cache_dir

        target = cache_dir()
    elif args == ["--build-into-package"]:
        target = data_path("data", _KEPT_FOLDER)
    else:
        print("usage: python -m openwash.datafiles --build | --build-into-package", file=sys.stderr)
        return 2
    print(f"wrote the parsed data files into {target} ({len(build(target))} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
