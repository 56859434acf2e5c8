"""Identify licence files with ScanCode's Python API in one process (run with ScanCode's venv).

usage: scancode_files.py FILE_LIST    (one path a line; prints one JSON object a line)
scancode.api.get_licenses() is what `scancode --license` calls for each file; the first call
loads the licence index, the rest are warm. How a result is read: ../scancode_result.py.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
t0 = time.perf_counter()
from scancode.api import get_licenses  # noqa: E402
from scancode_config import __version__  # noqa: E402
from scancode_result import summarize  # noqa: E402

print(json.dumps({"tool": "scancode", "version": __version__, "import_ms": (time.perf_counter() - t0) * 1e3}))
for path in Path(sys.argv[1]).read_text(encoding="utf-8").split("\n"):
    if not path:
        continue
    a = time.perf_counter()
    det = get_licenses(path)
    ms = (time.perf_counter() - a) * 1e3
    ids, modified, detail = summarize(det)
    print(json.dumps({"file": path, "ids": ids, "modified": modified, "detail": detail, "ms": ms}))
