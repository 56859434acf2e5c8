"""Classes of licences, by id: open data terms, licences whose text must travel with copies, and
the licences the Model Openness Tool counts as open. The lists are data (data/licence_classes.yaml,
data/mof/open_licenses.json); this is the one place that reads them."""

from __future__ import annotations

import functools
import re

from openwash.datafiles import load_yaml, read_json


@functools.cache
def _open_data() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(load_yaml("licence_classes.yaml")["open-data"]) + ")")


@functools.cache
def _text_required() -> tuple[str, ...]:
    return tuple(str(p) for p in load_yaml("licence_classes.yaml")["text-required"])


@functools.cache
def _mot_open() -> frozenset[str]:
    return frozenset(str(i) for i in read_json("data", "mof", "open_licenses.json")["ids"])


def is_open_data(license_id: str) -> bool:
    """Terms under which released training data counts as open."""
    return _open_data().match(license_id) is not None


def requires_text(license_id: str) -> bool:
    """A licence whose text (or notice) must travel with copies: its label alone grants nothing."""
    return license_id.startswith(_text_required())


def mot_open(license_id: str) -> bool:
    """True when the Model Openness Tool counts `license_id` as open: exact, case-sensitive, no
    aliases or expressions (its LicenseHandler::isOpenSourceLicense())."""
    return license_id in _mot_open()
