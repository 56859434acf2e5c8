"""The ScanCode LicenseDB: every licence text it holds, named by its key.

The texts come from the `licensedcode-data` package (PyPI; ScanCode's data, CC-BY-4.0: see
NOTICE): one ``<key>.LICENSE`` file per licence, a YAML front matter (key, name, category,
spdx_license_key, is_exception, is_deprecated, ...) then the text. Nothing is copied into
openwash: an index in the SPDX index's form (`spdx_index.build_payload`) is built from the
installed package once and kept as a marshal file:

1. ``openwash/data/licensedb-index.marshal`` inside the package (image build:
   ``python -m openwash.licenses.licensedb --build-into-package``);
2. else the user cache (`usercache.cache_dir()`), built there on first use.

A scan only loads it when the SPDX list and the named AI licences do not name a text exactly
(`identify.identify_text`), so a typical scan of SPDX licences costs nothing more.

Ids: the SPDX id when the LicenseDB gives a real one, else ``LicenseRef-scancode-<key>`` (what
ScanCode and `license-expression` call it).
"""

from __future__ import annotations

import _thread
import contextlib
import importlib.util
import marshal
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from openwash.licenses.spdx_index import CatalogEntry, SpdxIndex, build_payload
from openwash.usercache import cache_dir, write_atomic

if TYPE_CHECKING:
    from openwash.licenses.normalize import NormalizedText

__all__ = [
    "FREE_CATEGORIES",
    "NON_FREE_CATEGORIES",
    "DbEntry",
    "by_id",
    "data_dir",
    "entries",
    "identify",
]

FORMAT_VERSION: Final = 4
PACKAGE_INDEX_NAME: Final = "licensedb-index.marshal"
_MAGIC: Final = b"openwash-licensedb-index\n"
# The LicenseDB's categories (SPEC section 4): free ones are OSD-compliant unless restrictive
# sentences were added; the others carry a verdict of their own (data/catalogue_verdicts.yaml).
FREE_CATEGORIES: Final = frozenset({"Permissive", "Public Domain", "Copyleft", "Copyleft Limited"})
NON_FREE_CATEGORIES: Final = frozenset(
    {"Proprietary Free", "Free Restricted", "Source-available", "Commercial"}
)


def category_verdict(category: str | None) -> list[tuple[int, str]]:
    """(clause, why) a non-free LicenseDB category carries (data/licensedb_categories.yaml)."""
    from openwash.datafiles import load_yaml

    entry = load_yaml("licensedb_categories.yaml")["non_free"].get(category or "")
    return [(int(c), str(entry["why"]).strip()) for c in entry["clauses"]] if entry else []


_FRONT_RE: Final = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_FIELD_RE: Final = re.compile(r"^([a-z_]+): ?(.*)$", re.M)


@dataclass(frozen=True)
class DbEntry:
    key: str
    id: str  # SPDX id, else LicenseRef-scancode-<key>
    name: str
    category: str
    spdx_id: str | None  # a real SPDX id, when the LicenseDB gives one


def data_dir() -> str | None:
    """The installed package's folder of .LICENSE files (found without importing anything)."""
    spec = importlib.util.find_spec("licensedcode")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        folder = os.path.join(loc, "data", "licenses")
        if os.path.isdir(folder):
            return folder
    return None


def _version(folder: str) -> str:
    site = os.path.dirname(os.path.dirname(os.path.dirname(folder)))
    with contextlib.suppress(OSError):
        for entry in os.scandir(site):
            if entry.name.startswith("licensedcode_data-") and entry.name.endswith(".dist-info"):
                return entry.name[len("licensedcode_data-") : -len(".dist-info")]
    return "unknown"


def entry_id(key: str, spdx_key: str) -> str:
    spdx_key = spdx_key.strip()
    if spdx_key and not spdx_key.startswith("LicenseRef-"):
        return spdx_key
    return f"LicenseRef-scancode-{key}"


def entries(folder: str | None = None) -> Iterator[tuple[DbEntry, str]]:
    """(entry, text) of every licence that is neither deprecated nor an exception, sorted by key."""
    folder = folder or data_dir()
    if folder is None:
        return
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".LICENSE"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
            raw = fh.read()
        m = _FRONT_RE.match(raw)
        if m is None:
            continue
        meta: dict[str, str] = dict(_FIELD_RE.findall(m.group(1)))
        if meta.get("is_deprecated") == "yes" or meta.get("is_exception") == "yes":
            continue
        text = raw[m.end() :].strip()
        if not text:
            continue
        key = meta.get("key", name[: -len(".LICENSE")])
        spdx = meta.get("spdx_license_key", "")
        lid = entry_id(key, spdx)
        yield (
            DbEntry(
                key=key,
                id=lid,
                name=meta.get("name", key).strip().strip("'\""),
                category=meta.get("category", "").strip(),
                spdx_id=lid if not lid.startswith("LicenseRef-") else None,
            ),
            text,
        )


# ---------------------------------------------------------------- index


def build_index(folder: str) -> bytes:
    records = list(entries(folder))
    catalogue = [(e.id, e.key, e.name, e.category, e.spdx_id) for e, _ in records]
    payload, exact = build_payload([(e.id, text) for e, text in records], {})
    blob = marshal.dumps({"key": _key(folder), "catalogue": catalogue, "payload": payload, "exact": exact})
    return _MAGIC + blob


def _key(folder: str | None) -> dict[str, Any]:
    from openwash.licenses.spdx_index import index_key

    key = index_key(FORMAT_VERSION)
    if folder is not None:
        key["licensedcode"] = _version(folder)
        key["files"] = len(os.listdir(folder))
    return key


def _package_file() -> str:
    return os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", PACKAGE_INDEX_NAME
    )


def _cache_file(key: dict[str, Any]) -> str:
    name = "licensedb-index-{licensedcode}-f{format}-py{python}-n{normalizer:08x}.marshal".format(**key)
    return os.path.join(cache_dir(), name)


def _read(path: str, key: dict[str, Any]) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    try:
        loaded: dict[str, Any] = marshal.loads(memoryview(data)[len(_MAGIC) :])
    except (ValueError, EOFError, TypeError):
        return None
    found = loaded.get("key")
    if not isinstance(found, dict) or any(found.get(k) != v for k, v in key.items()):
        return None
    return loaded


class _Db:
    def __init__(self, loaded: dict[str, Any]) -> None:
        from openwash.licenses.spdx_index import catalog as spdx_catalog

        self.index = SpdxIndex(loaded["payload"], str(loaded["key"].get("licensedcode", "")))
        self.exact: dict[bytes, tuple[str, ...]] = loaded["exact"]
        spdx = spdx_catalog()
        self.by_id: dict[str, DbEntry] = {}
        self.entries: dict[str, CatalogEntry] = {}
        for lid, key, name, category, spdx_id in loaded["catalogue"]:
            self.by_id[lid] = DbEntry(key, lid, name, category, spdx_id)
            known = spdx.get(spdx_id) if spdx_id else None
            self.entries[lid] = known or CatalogEntry(name, False, False, False)


_db: _Db | None = None
_missing = False
_lock = _thread.allocate_lock()  # threading's Lock, without importing threading; survey workers scan on several threads: one load per process


def _load() -> _Db | None:
    """The LicenseDB index, loaded (or built) once per process; None when the data is not installed."""
    if _db is not None or _missing:
        return _db
    with _lock:
        return _load_locked()


def _load_locked() -> _Db | None:
    global _db, _missing
    if _db is not None or _missing:
        return _db
    folder = data_dir()
    key = _key(folder)
    loaded = _read(_package_file(), key)
    if loaded is None and folder is not None:
        cache = _cache_file(key)
        loaded = _read(cache, key)
        if loaded is None:
            data = build_index(folder)
            with contextlib.suppress(OSError):  # a read-only cache: keep the index in memory only
                write_atomic(cache, data)
            loaded = marshal.loads(memoryview(data)[len(_MAGIC) :])
    if loaded is None:
        _missing = True
        return None
    _db = _Db(loaded)
    return _db


def loaded() -> _Db | None:
    """The index if this process has loaded it already (nothing is loaded here)."""
    return _db


def available() -> bool:
    return _load() is not None


def identify(text: str, norm: NormalizedText | None = None) -> tuple[Any, DbEntry] | None:
    """(SpdxMatch, entry) of the LicenseDB text `text` is (possibly modified), or None. `norm`:
    the text's normalisation, when the caller has it already."""
    from openwash.licenses.matcher import identify as match

    db = _load()
    if db is None:
        return None
    found = match(text, norm, db.index, db.entries, db.exact)
    if found is None:
        return None
    return found, db.by_id[found.id]


def by_id(license_id: str) -> DbEntry | None:
    """The LicenseDB entry of an id (SPDX or LicenseRef-scancode-<key>), loading the index."""
    db = _load()
    return db.by_id.get(license_id) if db is not None else None


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    from openwash.licenses.spdx_index import build_command

    return build_command(
        argv,
        "python -m openwash.licenses.licensedb",
        "Build the ScanCode LicenseDB index.",
        PACKAGE_INDEX_NAME,
        data_dir,
        "the 'licensedcode-data' package (ScanCode LicenseDB) is not installed",
        lambda folder: (build_index(folder), _cache_file(_key(folder))),
        _package_file,
    )


if __name__ == "__main__":
    raise SystemExit(main())
