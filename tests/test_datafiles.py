"""The parsed form of data files kept by digest: an edited file is never read stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openwash import datafiles


def test_an_edited_file_gives_its_new_value_and_one_kept_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENWASH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "rules.yaml"
    source.write_text("rules: [a]\n")
    assert datafiles._load(str(source), "rules.yaml", datafiles._parse) == {"rules": ["a"]}
    kept = os.listdir(tmp_path / "cache")
    assert len(kept) == 1
    assert datafiles._load(str(source), "rules.yaml", datafiles._parse) == {
        "rules": ["a"]
    }  # from the kept form
    source.write_text("rules: [a, b]\n")
    assert datafiles._load(str(source), "rules.yaml", datafiles._parse) == {"rules": ["a", "b"]}
    assert len(os.listdir(tmp_path / "cache")) == 1 and os.listdir(tmp_path / "cache") != kept


def test_the_install_build_holds_every_data_file_as_the_loaders_name_it(tmp_path: Path) -> None:
    written = datafiles.build(str(tmp_path))
    names = {os.path.basename(p) for p in written}
    assert any(n.startswith("data-clauses-rules-osd-") for n in names)
    assert any(n.startswith("data-mof-open_licenses-") for n in names)
    assert len(names) == len(datafiles._data_files())
