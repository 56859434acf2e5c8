"""Output formats: one module per format, each a `Renderer` (`render(report) -> str`), listed once
in `FORMATS`, which the CLI's `--format` and the Action's output files both read. A module is
imported only when its format is chosen. Renderers import nothing of openwash but the Report
(`openwash.report`), `openwash.errors` and each other."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from openwash.report import Report


class Renderer(Protocol):
    def render(self, report: Report, /) -> str: ...


class Format:
    """An output format: the module that renders it and the file names that ask for it (the
    Action's output files). (A row of a table: plain, as making a dataclass costs about 0.15 ms
    at every start.)"""

    def __init__(self, module: str, suffixes: tuple[str, ...] = ()) -> None:
        self.module, self.suffixes = module, suffixes


FORMATS: dict[str, Format] = {
    "text": Format("openwash.render.text"),
    "markdown": Format("openwash.render.markdown", (".md",)),
    "json": Format("openwash.render.json"),
    "sarif": Format("openwash.render.sarif", (".sarif", ".sarif.json")),
    "spdx": Format("openwash.render.spdx", (".spdx.json",)),
    "spdx3": Format("openwash.render.spdx3", (".spdx3.json", ".jsonld")),
    "cyclonedx": Format("openwash.render.cyclonedx", (".cdx.json", "bom.json")),
    "mof": Format("openwash.render.mof_yaml"),
    "badge": Format("openwash.render.badge"),
    "svg": Format("openwash.render.svg", (".svg",)),
}

AIBOM_FORMATS = ("spdx3", "spdx", "cyclonedx")


def renderer(name: str) -> Renderer:
    return cast("Renderer", importlib.import_module(FORMATS[name].module))


def format_for(file_name: str, among: tuple[str, ...]) -> str | None:
    """Which of the formats `among` a file name asks for, by its ending; None for none."""
    lower = file_name.lower()
    return next((f for f in among if lower.endswith(FORMATS[f].suffixes)), None)
