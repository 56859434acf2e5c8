"""What a repository holds: files classified, the model card parsed, SBOMs and prose read."""

from __future__ import annotations

from types import ModuleType


def __getattr__(name: str) -> ModuleType:
    # `from openwash.evidence import remote` keeps working while code written before the remote
    # sources moved to openwash.sources is merged; new code imports openwash.sources.remote.
    if name == "remote":
        import importlib

        return importlib.import_module("openwash.sources.remote")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
