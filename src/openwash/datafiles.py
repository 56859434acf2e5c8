"""Loading the package's data files (YAML), once per process."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any


@functools.cache
def load_yaml(name: str) -> Any:
    """A YAML file from openwash/data or openwash/clauses/rules, parsed with the C loader when present."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    package, _, filename = name.rpartition("/")
    anchor = "openwash." + package.replace("/", ".") if package else "openwash.data"
    text = resources.files(anchor).joinpath(filename).read_text(encoding="utf-8")
    return yaml.load(text, Loader=loader)
