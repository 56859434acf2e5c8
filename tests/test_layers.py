"""Import directions, read from the source with ast (every import, also those inside functions):
data flows one way, evidence -> licences -> clauses -> assess -> Report -> render -> cli/action.

- A module imports nothing of a later stage (`LAYERS`).
- Nothing of the engine or the sources imports the Action's code (openwash.github) or the CLI.
- Nothing of the engine imports an HTTP client or the SBOM libraries; only sources/ talks to hosts.
- Renderers import nothing of openwash but the Report (and errors, the version, each other).
- Each remote host is its own module (sources.PREFIXES names it): no host imports another.
- Each finding check is its own module: it imports no other check, and only the checks' table
  (assess/checks/__init__.py) imports the checks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import openwash

SRC = Path(openwash.__file__).resolve().parent

# Stage of each top-level part of the package; a module may import only its own stage or earlier.
LAYERS = {
    "__init__": 0,
    "errors": 0,
    "inert": 0,
    "prefilter": 0,
    "datafiles": 0,
    "memo": 0,
    "usercache": 0,
    "vocabulary": 0,
    "osd": 0,
    "report": 0,
    "evidence": 1,
    "sources": 1,
    "licenses": 1,
    "regex_cache": 1,
    "codecache": 1,
    "clauses": 2,
    "assess": 3,
    "policy": 4,
    "engine": 4,
    "render": 5,
    "github": 6,
    "commands": 6,
    "survey": 6,
    "cli": 6,
    "__main__": 7,
}
ENGINE = {
    "evidence",
    "licenses",
    "clauses",
    "assess",
    "engine",
    "report",
    "vocabulary",
    "osd",
    "policy",
    "inert",
}
NETWORK = (
    "github",
    "requests",
    "urllib3",
    "urllib.request",
    "http.client",
    "httpx",
    "httpx2",
    "huggingface_hub",
)
SBOM_LIBRARIES = ("spdx_tools", "spdx_python_model", "cyclonedx")
RENDER_MAY_IMPORT = {"openwash", "openwash.report", "openwash.errors"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(["openwash", *parts])] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (for `from a import b`, a.b when that is a module, else a)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _ours(imported: str) -> bool:
    return imported == "openwash" or imported.startswith("openwash.")


def _top(imported: str, names: tuple[str, ...]) -> bool:
    return any(imported == n or imported.startswith(n + ".") for n in names)


def test_every_part_has_a_stage() -> None:
    assert {_part(m) for m in MODULES} <= set(LAYERS)


def test_no_module_imports_a_later_stage() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        for imported in _imports(path)
        if _ours(imported) and LAYERS[_part(imported)] > LAYERS[_part(module)]
    ]
    assert wrong == []


def test_engine_and_sources_never_import_the_action_or_the_cli() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        if _part(module) in ENGINE | {"sources"}
        for imported in _imports(path)
        if _top(imported, ("openwash.github", "openwash.commands", "openwash.cli", "openwash.render"))
    ]
    assert wrong == []


def test_engine_imports_no_http_client_and_no_sbom_library() -> None:
    # Only sources/ (remote hosts) and the outer layers talk to the network or write SBOMs;
    # reading an SBOM (evidence/sbom.py) uses the SBOM libraries, lazily, to parse it.
    wrong = [
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        if _part(module) in ENGINE
        for imported in _imports(path)
        if _top(imported, NETWORK) or (_top(imported, SBOM_LIBRARIES) and module != "openwash.evidence.sbom")
    ]
    assert wrong == []


def test_renderers_import_only_the_report() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        if _part(module) == "render"
        for imported in _imports(path)
        if _ours(imported)
        and imported not in RENDER_MAY_IMPORT
        and not imported.startswith("openwash.render")
    ]
    assert wrong == []


def test_no_remote_host_imports_another() -> None:
    from openwash.sources import PREFIXES

    hosts = set(PREFIXES.values())
    assert hosts <= set(MODULES) and len(hosts) > 1
    wrong = [
        f"{host} imports {imported}"
        for host in hosts
        for imported in _imports(MODULES[host])
        if imported in hosts
    ]
    assert wrong == []


CHECKS_SHARED = {
    "openwash.assess.checks.context",
    "openwash.assess.checks.wording",
    "openwash.assess.checks.shared",
}


def test_each_check_stands_alone() -> None:
    from openwash.assess.checks import CHECKS

    checks = {c.run.__module__ for c in CHECKS}
    assert checks <= set(MODULES)
    wrong = [
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        if module != "openwash.assess.checks"
        for imported in _imports(path)
        if imported in checks
    ]
    assert wrong == []
    assert not CHECKS_SHARED & checks


def test_the_checks_see_imports_inside_functions() -> None:
    # The lazily imported modules count: the scan's own remote entry is found inside a function.
    assert "openwash.sources" in _imports(MODULES["openwash.commands.scan"])
    assert "huggingface_hub" in _imports(MODULES["openwash.sources.huggingface"])
