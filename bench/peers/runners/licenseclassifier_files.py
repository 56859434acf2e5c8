"""Identify licence files with the pure-Python licenseclassifier in one process (its own venv).

usage: licenseclassifier_files.py FILE_LIST
ids are what identify_license() returns (regions covering >= COVERAGE_THRESHOLD % of the text);
the coverage percentage itself (from the same scan, licenseclassifier._engine.scan, which
identify_license calls) is the only modification signal it has: < 100 means unmatched words.
"""

import json
import sys
import time
from pathlib import Path

t0 = time.perf_counter()
import licenseclassifier  # noqa: E402
from licenseclassifier import COVERAGE_THRESHOLD  # noqa: E402
from licenseclassifier._engine import scan  # noqa: E402

print(
    json.dumps(
        {
            "tool": "licenseclassifier",
            "version": licenseclassifier.__version__,
            "import_ms": (time.perf_counter() - t0) * 1e3,
        }
    )
)
for path in Path(sys.argv[1]).read_text(encoding="utf-8").split("\n"):
    if not path:
        continue
    a = time.perf_counter()
    with open(path, encoding="utf-8", errors="replace") as fh:
        cov = scan(fh.read())
    ms = (time.perf_counter() - a) * 1e3
    ids = [m.id for m in cov.match] if cov.percent >= COVERAGE_THRESHOLD else []
    print(
        json.dumps(
            {
                "file": path,
                "ids": ids,
                "modified": bool(ids) and cov.percent < 100.0,
                "detail": f"coverage {cov.percent:.1f}%",
                "ms": ms,
            }
        )
    )
