"""Identify licence files with openwash in one process (run with the project's venv python).

usage: openwash_files.py FILE_LIST    (one path a line; prints one JSON object a line)
The first file pays for the imports and the index load; the rest are warm.
"""

import json
import sys
import time
from pathlib import Path

t0 = time.perf_counter()
from openwash import __version__  # noqa: E402
from openwash.licenses.identify import UNKNOWN, identify_text  # noqa: E402

print(json.dumps({"tool": "openwash", "version": __version__, "import_ms": (time.perf_counter() - t0) * 1e3}))
for path in Path(sys.argv[1]).read_text(encoding="utf-8").split("\n"):
    if not path:
        continue
    a = time.perf_counter()
    with open(path, encoding="utf-8", errors="replace") as fh:
        r = identify_text(fh.read())
    ms = (time.perf_counter() - a) * 1e3
    ids = [] if r.id == UNKNOWN else [r.id]
    print(
        json.dumps(
            {"file": path, "ids": ids, "modified": r.modified, "detail": f"score {r.score:.3f}", "ms": ms}
        )
    )
