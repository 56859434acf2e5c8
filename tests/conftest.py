from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"

# The large corpora (../shared beside the checkout) are for CI and benchmarks, not part of the
# project: a fresh clone has none, so the checks that read them skip, all for this one reason.
# .ci/run sets OPENWASH_REQUIRE_SHARED=1, which makes their absence an error instead.
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SHARED_REASON = f"needs the corpora in ../shared ({SHARED}), absent beside this checkout; .ci/run runs it"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("OPENWASH_REQUIRE_SHARED") == "1" and not SHARED.is_dir():
        raise pytest.UsageError(f"OPENWASH_REQUIRE_SHARED=1 but {SHARED} is not a directory")


def materialize_case(name: str, dest: Path) -> Path:
    """A corpus case made into a repository folder (by the corpus's own materialize.py)."""
    if str(CORPUS) not in sys.path:
        sys.path.insert(0, str(CORPUS))
    from materialize import materialize  # type: ignore[import-not-found]

    return Path(materialize(str(CORPUS / name), str(dest)))


def runs_of(probe: str, cache: Path, times: int = 2) -> list[list[str]]:
    """The words a probe script prints, run `times` times one after another in fresh interpreters
    sharing one cache folder (what a second console run reads back of the first)."""
    import subprocess

    env = {**os.environ, "OPENWASH_CACHE_DIR": str(cache)}
    return [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(times)
    ]


def spdx_text(spdx_id: str) -> str:
    """The SPDX licence list's text of a licence, from the index openwash matches against."""
    from openwash.licenses.spdx_index import load_index

    ix = load_index()
    return next(ix.text(g) for g, grp in enumerate(ix.groups) if spdx_id in grp.ids).strip()


LFS_POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 4976698672\n"

PERMISSIVE = """MIT License

Copyright (c) 2025 Example Labs

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

# A bespoke model licence written for the tests: a user threshold, an outputs ban, a use policy.
RESTRICTIVE = """ACME MODEL COMMUNITY LICENSE

1. Grant. You may use, reproduce, distribute and modify the ACME Model.

2. If your products or services have more than 500 million monthly active users,
you must request a license from ACME, which ACME may grant in its sole
discretion, and you are not authorized to exercise any rights under this
Agreement until then.

3. You will not use the ACME Model or any output of the ACME Model to improve
any other large language model.

4. You agree not to use the ACME Model:
- for military purposes;
- to provide medical advice.
"""


# A hand-written SPDX 2.3 tag-value SBOM of a model package that declares MIT (line 15).
SPDX2_TAG_VALUE = """\
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


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Write a repository from a {path: text} mapping; `weights=True` adds LFS weight pointers."""

    def make(files: dict[str, str], weights: bool = False, name: str = "repo") -> Path:
        root = tmp_path / name
        root.mkdir()
        for rel, text in files.items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        if weights:
            (root / "model-00001-of-00002.safetensors").write_text(LFS_POINTER)
            (root / "model-00002-of-00002.safetensors").write_text(LFS_POINTER)
            (root / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
        return root

    return make
