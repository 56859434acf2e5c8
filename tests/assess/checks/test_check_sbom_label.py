from __future__ import annotations

from pathlib import Path

from check_context import context
from weights import write

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.assess.checks import sbom_label

SPDX = """\
SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: acme-model
DocumentNamespace: https://example.com/spdx/acme-model-1
Creator: Tool: hand-written
Created: 2025-01-01T00:00:00Z
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-model

PackageName: acme-model
SPDXID: SPDXRef-model
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: NOASSERTION
PackageLicenseDeclared: MIT
PackageCopyrightText: NOASSERTION
"""


def test_an_sbom_label_over_other_terms(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX, "LICENSE": RESTRICTIVE})
    (f,) = sbom_label.check(context(tmp_path))
    assert (f.kind, f.severity, f.path, f.line_start, f.quote) == (
        "sbom-license-mismatch",
        "violation",
        "model.spdx",
        15,
        "PackageLicenseDeclared: MIT",
    )
    assert f.explanation.startswith("The SBOM's licenseDeclared of acme-model says MIT")


def test_an_sbom_label_without_licence_text(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX})
    (f,) = sbom_label.check(context(tmp_path))
    assert (f.kind, f.path, f.line_start, f.quote) == (
        "missing-license-text",
        "model.spdx",
        15,
        "PackageLicenseDeclared: MIT",
    )
    assert f.explanation.startswith("The SBOM declares MIT, but the repository carries no licence text")


def test_an_sbom_naming_the_licence_file(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX, "LICENSE": PERMISSIVE})
    assert sbom_label.check(context(tmp_path)) == []
