"""Sub-commands of the CLI: one module each, with HELP, add_arguments(parser) and run(args)."""

from __future__ import annotations

import os

# Shown in this order in --help; any other module in openwash.commands follows.
PREFERRED_ORDER = ("scan", "survey", "survey_report", "mof", "explain", "licenses", "action")


def command_names() -> list[str]:
    # The package folder's modules, listed directly (pkgutil costs more to import than this).
    found = {
        name[:-3]
        for folder in __path__
        for name in os.listdir(folder)
        if name.endswith(".py") and not name.startswith("_")
    }
    return [n for n in PREFERRED_ORDER if n in found] + sorted(found - set(PREFERRED_ORDER))
