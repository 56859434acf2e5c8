from __future__ import annotations

from pathlib import Path

from check_context import context, where
from weights import write

from conftest import PERMISSIVE, RESTRICTIVE, SPDX2_TAG_VALUE
from openwash.assess.checks import sbom_label


def test_an_sbom_label_over_other_terms(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX2_TAG_VALUE, "LICENSE": RESTRICTIVE})
    (f,) = sbom_label.check(context(tmp_path))
    assert where(f) == ("sbom-license-mismatch", "violation", "model.spdx", 15, "PackageLicenseDeclared: MIT")
    assert f.explanation.startswith("The SBOM's licenseDeclared of acme-model says MIT")


def test_an_sbom_label_without_licence_text(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX2_TAG_VALUE})
    (f,) = sbom_label.check(context(tmp_path))
    assert where(f) == ("missing-license-text", "concern", "model.spdx", 15, "PackageLicenseDeclared: MIT")
    assert f.explanation.startswith("The SBOM declares MIT, but the repository carries no licence text")


def test_an_sbom_naming_the_licence_file(tmp_path: Path) -> None:
    write(tmp_path, {"model.spdx": SPDX2_TAG_VALUE, "LICENSE": PERMISSIVE})
    assert sbom_label.check(context(tmp_path)) == []
