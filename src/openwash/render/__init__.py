"""One module per output format, each with `render(report) -> str`; imported only when chosen."""

from __future__ import annotations

import importlib
from typing import Any

FORMATS = {
    "text": "openwash.render.text",
    "markdown": "openwash.render.markdown",
    "json": "openwash.render.json",
    "sarif": "openwash.render.sarif",
    "spdx": "openwash.render.spdx",
    "spdx3": "openwash.render.spdx3",
    "cyclonedx": "openwash.render.cyclonedx",
    "mof": "openwash.render.mof_yaml",
    "badge": "openwash.render.badge",
    "svg": "openwash.render.svg",
}


def renderer(name: str) -> Any:
    return importlib.import_module(FORMATS[name])
