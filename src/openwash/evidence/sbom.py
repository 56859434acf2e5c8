"""SBOMs as evidence: SPDX 2.x, SPDX 3.0 (AI and Dataset profiles) and CycloneDX (ML-BOM model card).

Each format is read by its own project's library: spdx-tools for SPDX 2 (parsed, then validated),
spdx-python-model for SPDX 3.0.1 JSON-LD, cyclonedx-python-lib for CycloneDX. They are imported
inside the readers, so only a repository that has an SBOM pays for them (the scan path does not).

A malformed SBOM is a warning naming the file, never an error: an SBOM is supporting evidence,
and a broken one must not stop the scan of the licence texts that actually govern the model.
Every fact keeps the SBOM line it came from, so findings built on it can quote it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

_MAX_FIELDS = 60  # per package: an SBOM is evidence, not something to copy whole into a report
_MAX_VALUE = 300
_NO_LICENCE = {"NOASSERTION", "NONE", ""}

# Dataset-profile / data-component fields that describe the data (provenance, processing, size,
# bias), as opposed to naming it: these are "data information" in the OSAID's sense.
DATA_INFORMATION_KEYS = frozenset(
    {
        "dataset_dataCollectionProcess",
        "dataset_dataPreprocessing",
        "dataset_datasetSize",
        "dataset_datasetNoise",
        "dataset_knownBias",
        "dataset_intendedUse",
        "dataset_anonymizationMethodUsed",
        "dataset_datasetUpdateMechanism",
        "data.contents",
        "data.governance",
        "data.classification",
        "data.sensitiveData",
        "data.description",
    }
)


# How openwash's own AI-BOMs name a licence it could not identify (SPDX has no id for "unknown"),
# so that reading one back matches it to the same licence file.
@dataclass(frozen=True)
class SbomField:
    """One fact of an SBOM, with the line that states it."""

    key: str  # as the format names it: licenseDeclared, ai_typeOfModel, modelCard.modelParameters.task
    value: str
    subject: str  # the package or component it belongs to
    line: int | None  # 1-based, None when the value could not be found verbatim
    quote: str  # the SBOM line, or "key: value" when the line is not known
    expression: bool = True  # licences: an SPDX expression; False: a licence written out by name


@dataclass(frozen=True)
class SbomDataset:
    """A dataset an SBOM names, with its fields and licences."""

    name: str
    fields: tuple[SbomField, ...] = ()
    licenses: tuple[SbomField, ...] = ()

    @property
    def informative(self) -> bool:
        """Whether the SBOM describes this dataset (provenance, processing, ...) rather than naming it."""
        return any(f.key.split("[", 1)[0] in DATA_INFORMATION_KEYS for f in self.fields)


@dataclass(frozen=True)
class SbomFacts:
    """What one SBOM in the tree says of its subject, its licences and datasets."""

    path: str
    format: str  # "SPDX 2.3 (JSON)", "SPDX 3.0.1 (JSON-LD)", "CycloneDX 1.6 (JSON)", ...
    subject: str | None = None  # the model, else the package the SBOM describes
    is_model: bool = False  # the subject is an AI package / machine-learning-model component
    licenses: tuple[SbomField, ...] = ()  # declared and concluded licence expressions of the subject
    model: tuple[SbomField, ...] = ()  # AI-profile fields, CycloneDX model card fields
    datasets: tuple[SbomDataset, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def declared(self) -> list[SbomField]:
        """The subject's licence expressions (declared first), NOASSERTION/NONE left out."""
        order = {"declared": 0, "concluded": 1}
        return sorted(self.licenses, key=lambda f: order.get(_ack(f.key), 2))


def _ack(key: str) -> str:
    k = key.lower()
    return "declared" if "declared" in k else "concluded" if "concluded" in k else ""


class _Lines:
    """The SBOM's lines, to find the one that states a value.

    Linear in the SBOM however many packages it lists: a field is looked for in the lines after
    its subject first (a window), and only a bounded number of lookups may scan the whole file;
    past that budget a field is quoted as `key: value` without a line number.
    """

    WINDOW = 400  # lines after the subject's first mention where its fields are looked for
    FULL_SCANS = 200  # whole-file lookups per SBOM

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self._subjects: dict[str, int] = {}
        self._scans = 0

    def _full_scan(self) -> bool:
        self._scans += 1
        return self._scans <= self.FULL_SCANS

    def _start(self, near: str | None) -> int:
        if not near:
            return 0
        if near not in self._subjects:
            found = 0
            if self._full_scan():
                found = next((i for i, ln in enumerate(self.lines) if near in ln), 0)
            self._subjects[near] = found
        return self._subjects[near]

    def _find(
        self, needle: str, keys: tuple[str, ...], order: Iterable[int]
    ) -> tuple[int | None, str] | None:
        order = list(order)
        for i in order:
            ln = self.lines[i]
            if needle and needle in ln and (not keys or any(k in ln for k in keys)):
                return i + 1, ln.strip()[:_MAX_VALUE]
        # Pretty-printed lists put the value a line or two below its key.
        for i in order:
            if keys and any(k in self.lines[i] for k in keys):
                for j in range(i + 1, min(i + 4, len(self.lines))):
                    if needle and needle in self.lines[j]:
                        quote = f"{self.lines[i].strip()} {self.lines[j].strip()}"
                        return j + 1, quote[:_MAX_VALUE]
        return None

    def locate(self, value: str, keys: Iterable[str], near: str | None = None) -> tuple[int | None, str]:
        keys = tuple(keys)
        start = self._start(near)
        needle = value.strip()
        n = len(self.lines)
        found = self._find(needle, keys, range(start, min(start + self.WINDOW, n)))
        if found is None and (n <= self.WINDOW or self._full_scan()):
            found = self._find(needle, keys, [*range(start, n), *range(0, start)])
        if found is not None:
            return found
        key = keys[0] if keys else "value"
        return None, f"{key}: {needle}"[:_MAX_VALUE]

    def field(
        self, key: str, value: str, subject: str, keys: Iterable[str] | None = None, near: str | None = None
    ) -> SbomField:
        line, quote = self.locate(value, keys if keys is not None else (key,), near=near or subject)
        return SbomField(key, value[:_MAX_VALUE], subject, line, quote)


def kind_of(path: str, text: str) -> str | None:
    """spdx2 | spdx3 | cyclonedx-json | cyclonedx-xml, from the name and a look at the content."""
    name = path.lower().rsplit("/", 1)[-1]
    if name.endswith(".cdx.xml"):
        return "cyclonedx-xml"
    if name.endswith(".spdx"):
        return "spdx2"
    if name.endswith((".spdx.yaml", ".spdx.yml")):
        return "spdx2-yaml"
    head = text.lstrip()[:4096]
    if not head.startswith("{"):
        return "spdx2" if "SPDXVersion:" in head else None
    # JSON: SPDX 3 recommends .spdx.json as well, so the content decides.
    if '"@context"' in head or name.endswith((".spdx3.json", ".jsonld")):
        return "spdx3"
    if '"spdxVersion"' in text:
        return "spdx2-json"
    if '"bomFormat"' in text:
        return "cyclonedx-json"
    return None


def read_sbom(path: str, text: str) -> SbomFacts | None:
    """Facts of one SBOM; None when the file is not an SBOM at all (e.g. a JSON-LD of another vocabulary).

    Never raises for bad content: a malformed SBOM gives SbomFacts with a warning naming the file."""
    kind = kind_of(path, text)
    if kind is None:
        if path.lower().endswith((".jsonld", "bom.json")):
            return None  # the name is shared with other formats; not an SBOM, not a problem
        return SbomFacts(
            path, "unknown", warnings=(f"{path}: not a recognisable SPDX or CycloneDX document",)
        )
    readers = {
        "spdx2": _spdx2,
        "spdx2-json": _spdx2,
        "spdx2-yaml": _spdx2,
        "spdx3": _spdx3,
        "cyclonedx-json": _cdx_json,
        "cyclonedx-xml": _cdx_xml,
    }
    try:
        return readers[kind](path, text, kind)
    except _NotSbom:
        return None
    except _Malformed as exc:
        return SbomFacts(path, exc.fmt, warnings=(f"{path}: {exc.message}; its facts are not used",))
    except RecursionError:
        return SbomFacts(path, kind, warnings=(f"{path}: nested too deeply to read; its facts are not used",))
    except Exception as exc:  # untrusted input must not stop the scan: say what happened instead
        return SbomFacts(
            path, kind, warnings=(f"{path}: could not be read ({_clip(exc)}); its facts are not used",)
        )


class _NotSbom(Exception):
    """A file with an SBOM's name that is some other kind of document."""


class _Malformed(Exception):
    def __init__(self, fmt: str, message: str) -> None:
        super().__init__(message)
        self.fmt = fmt
        self.message = message


def _clip(message: object) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= 200 else text[:197] + "..."


# SPDX 2.x -----------------------------------------------------------------------------------------


def _spdx2(path: str, text: str, kind: str) -> SbomFacts:
    from spdx_tools.spdx.model.relationship import RelationshipType
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
    from spdx_tools.spdx.model.spdx_none import SpdxNone
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    syntax = {"spdx2": "tag-value", "spdx2-json": "JSON", "spdx2-yaml": "YAML"}[kind]
    fmt = f"SPDX 2 ({syntax})"
    try:
        if kind == "spdx2":
            from ply import yacc  # type: ignore[import-untyped]
            from spdx_tools.spdx.parser.tagvalue.parser import Parser

            # No table files, no "Generating LALR tables" on stderr.
            parser = Parser(write_tables=False, debug=False, errorlog=yacc.NullLogger())  # type: ignore[no-untyped-call]
            doc = parser.parse(text)  # type: ignore[no-untyped-call]
        else:
            from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

            dict_parser = JsonLikeDictParser()  # type: ignore[no-untyped-call]
            doc = dict_parser.parse(_load_spdx2_dict(path, text, kind, fmt))
    except SPDXParsingError as exc:
        raise _Malformed(fmt, "not a valid SPDX 2 document: " + _clip("; ".join(exc.messages))) from exc
    except _Malformed:
        raise
    except Exception as exc:  # the parsers raise assorted errors on garbage; any of them means "malformed"
        raise _Malformed(fmt, f"not a valid SPDX 2 document: {_clip(exc)}") from exc

    version = doc.creation_info.spdx_version.replace("SPDX-", "SPDX ")
    fmt = f"{version} ({syntax})"
    warnings = []
    problems = validate_full_spdx_document(doc)
    if problems:
        warnings.append(
            f"{path}: does not validate as {version} ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}; first: {_clip(problems[0].validation_message)})"
        )

    described = {
        r.related_spdx_element_id
        for r in doc.relationships
        if r.relationship_type == RelationshipType.DESCRIBES
        and r.spdx_element_id == doc.creation_info.spdx_id
    } | {
        r.spdx_element_id
        for r in doc.relationships
        if r.relationship_type == RelationshipType.DESCRIBED_BY
        and r.related_spdx_element_id == doc.creation_info.spdx_id
    }
    main = [p for p in doc.packages if p.spdx_id in described] or doc.packages[:1]
    lines = _Lines(text)
    licences: list[SbomField] = []
    keys = {
        "licenseDeclared": ("PackageLicenseDeclared", "licenseDeclared"),
        "licenseConcluded": ("PackageLicenseConcluded", "licenseConcluded"),
    }
    for pkg in main:
        for key, value in (
            ("licenseDeclared", pkg.license_declared),
            ("licenseConcluded", pkg.license_concluded),
        ):
            if (
                value is not None
                and not isinstance(value, SpdxNoAssertion | SpdxNone)
                and str(value) not in _NO_LICENCE
            ):
                licences.append(lines.field(key, str(value), pkg.name, keys[key]))
    return SbomFacts(
        path,
        fmt,
        subject=main[0].name if main else None,
        licenses=tuple(licences),
        warnings=tuple(warnings),
    )


def _load_spdx2_dict(path: str, text: str, kind: str, fmt: str) -> dict[str, Any]:
    if kind == "spdx2-yaml":
        from openwash.errors import OpenwashError
        from openwash.evidence.untrusted_yaml import load_untrusted_yaml

        try:
            data = load_untrusted_yaml(text, path, "SPDX YAML")
        except OpenwashError as exc:
            raise _Malformed(fmt, _clip(str(exc).removeprefix(f"{path}: "))) from exc
    else:
        from spdx_tools.spdx.parser.json.json_parser import remove_json_control_chars_hook

        try:
            data = json.loads(text, object_pairs_hook=remove_json_control_chars_hook)
        except ValueError as exc:
            raise _Malformed(fmt, f"invalid JSON: {_clip(exc)}") from exc
    if not isinstance(data, dict):
        raise _Malformed(fmt, "the top level is not an object")
    return data


# SPDX 3.0 -----------------------------------------------------------------------------------------

_AI_KEYS = (
    "ai_typeOfModel",
    "ai_domain",
    "ai_limitation",
    "ai_standardCompliance",
    "ai_informationAboutTraining",
    "ai_informationAboutApplication",
    "ai_autonomyType",
    "ai_safetyRiskAssessment",
    "ai_useSensitivePersonalInformation",
    "ai_modelDataPreprocessing",
    "ai_modelExplainability",
    "ai_metric",
    "ai_metricDecisionThreshold",
    "ai_hyperparameter",
)
_DATASET_KEYS = (
    "dataset_datasetAvailability",
    "dataset_datasetType",
    "dataset_dataCollectionProcess",
    "dataset_dataPreprocessing",
    "dataset_datasetSize",
    "dataset_intendedUse",
    "dataset_knownBias",
    "dataset_datasetNoise",
    "dataset_confidentialityLevel",
    "dataset_hasSensitivePersonalInformation",
    "dataset_anonymizationMethodUsed",
    "dataset_datasetUpdateMechanism",
)


def _spdx3(path: str, text: str, kind: str) -> SbomFacts:
    fmt = "SPDX 3 (JSON-LD)"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _Malformed(fmt, f"invalid JSON: {_clip(exc)}") from exc
    if not isinstance(data, dict):
        raise _Malformed(fmt, "the top level is not an object")
    context = data.get("@context")
    contexts = [context] if isinstance(context, str) else context if isinstance(context, list) else []
    if not any(isinstance(c, str) and "spdx.org/rdf/3" in c for c in contexts):
        if path.lower().endswith(".jsonld"):
            raise _NotSbom  # JSON-LD of another vocabulary: nothing for us here
        raise _Malformed(fmt, "no SPDX 3 @context")

    import spdx_python_model
    from spdx_python_model import v3_0_1 as m

    try:
        model, objset = spdx_python_model.load_data(data)
    except Exception as exc:  # the deserializer raises assorted errors on bad documents
        raise _Malformed(fmt, f"not a valid SPDX 3 document: {_clip(exc)}") from exc
    if model is not m:
        raise _Malformed(fmt, f"SPDX 3 context not supported by this reader: {context}")
    fmt = "SPDX 3.0.1 (JSON-LD)"

    lines = _Lines(text)
    rel_licences: dict[int, list[tuple[str, str, str | None]]] = {}  # package -> (key, expression, near)
    declared_type = m.RelationshipType.hasDeclaredLicense
    concluded_type = m.RelationshipType.hasConcludedLicense
    for rel in objset.foreach_type(m.Relationship):
        kind_ = rel.relationshipType
        if kind_ not in (declared_type, concluded_type) or not isinstance(rel.from_, m.Element):
            continue
        key = "hasDeclaredLicense" if kind_ == declared_type else "hasConcludedLicense"
        for target in rel.to:
            expr = _spdx3_expression(m, target)
            if expr and expr not in _NO_LICENCE:
                sid = target if isinstance(target, str) else getattr(target, "spdxId", None)
                near = f'"spdxId": "{sid}"' if sid else None  # the licence element itself
                rel_licences.setdefault(id(rel.from_), []).append((key, expr, near))

    def licence_fields(pkg: Any, name: str) -> list[SbomField]:
        keys = ("simplelicensing_licenseExpression", "spdxId", '"name"')
        return [lines.field(k, v, name, keys, near) for k, v, near in rel_licences.get(id(pkg), [])]

    models = sorted(objset.foreach_type(m.ai_AIPackage), key=lambda p: str(p.spdxId))
    subject_pkgs: list[Any] = list(models)
    if not subject_pkgs:
        # No AI package: the package(s) the document, or an SBOM in it, is about.
        for coll in objset.foreach_type(m.ElementCollection):
            subject_pkgs += [e for e in coll.rootElement if isinstance(e, m.software_Package)]
        subject_pkgs = list({id(p): p for p in subject_pkgs}.values())
    licences: list[SbomField] = []
    ai_fields: list[SbomField] = []
    for pkg in subject_pkgs:
        name = str(pkg.name or pkg.spdxId)
        licences += licence_fields(pkg, name)
        if isinstance(pkg, m.ai_AIPackage):
            ai_fields += _props(lines, pkg, name, _AI_KEYS)
    datasets = []
    for ds in sorted(objset.foreach_type(m.dataset_DatasetPackage), key=lambda p: str(p.spdxId)):
        name = str(ds.name or ds.spdxId)
        datasets.append(
            SbomDataset(name, tuple(_props(lines, ds, name, _DATASET_KEYS)), tuple(licence_fields(ds, name)))
        )
    subject = subject_pkgs[0] if subject_pkgs else None
    return SbomFacts(
        path,
        fmt,
        subject=str(subject.name or subject.spdxId) if subject is not None else None,
        is_model=bool(models),
        licenses=tuple(licences),
        model=tuple(ai_fields[:_MAX_FIELDS]),
        datasets=tuple(datasets),
    )


def _spdx3_expression(m: Any, target: Any) -> str | None:
    """An SPDX expression for an SPDX 3 licence element (expression, listed/custom licence, sets)."""
    if isinstance(target, str):
        return _last(target)  # a reference to a licence defined elsewhere: its id is its name
    if isinstance(target, m.simplelicensing_LicenseExpression):
        expr = target.simplelicensing_licenseExpression
        return str(expr) if expr else None
    if isinstance(
        target, m.expandedlicensing_ConjunctiveLicenseSet | m.expandedlicensing_DisjunctiveLicenseSet
    ):
        op = " AND " if isinstance(target, m.expandedlicensing_ConjunctiveLicenseSet) else " OR "
        parts = [p for p in (_spdx3_expression(m, x) for x in target.expandedlicensing_member) if p]
        return "(" + op.join(parts) + ")" if len(parts) > 1 else (parts[0] if parts else None)
    if isinstance(target, m.Element) and target.spdxId:
        # A ListedLicense is named by its IRI (https://spdx.org/licenses/MIT); others by their name.
        return _last(str(target.spdxId)) if "spdx.org/licenses/" in str(target.spdxId) else target.name
    return None


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _props(lines: _Lines, obj: Any, subject: str, keys: Iterable[str]) -> list[SbomField]:
    out: list[SbomField] = []
    for key in keys:
        for value in _values(getattr(obj, key, None)):
            out.append(lines.field(key, value, subject))
    return out


def _values(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, str):
        if value:
            # Vocabulary terms come back as IRIs: .../DatasetAvailabilityType/directDownload.
            yield _last(value) if value.startswith("https://spdx.org/rdf/") else value
        return
    if isinstance(value, bool | int | float):
        yield str(value)
        return
    key = getattr(value, "key", None)
    if isinstance(key, str):  # a DictionaryEntry (metric, hyperparameter)
        entry = getattr(value, "value", None)
        yield f"{key}={entry}" if entry is not None else key
        return
    if isinstance(value, Iterable):
        for v in value:
            yield from _values(v)


# CycloneDX ----------------------------------------------------------------------------------------

_CDX_NS = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d+\.\d+)\}")


def _cdx_json(path: str, text: str, kind: str) -> SbomFacts:
    fmt = "CycloneDX (JSON)"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _Malformed(fmt, f"invalid JSON: {_clip(exc)}") from exc
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise _Malformed(fmt, "not a CycloneDX document (no bomFormat: CycloneDX)")
    version = str(data.get("specVersion", ""))
    fmt = f"CycloneDX {version} (JSON)"
    relevant, total = _cdx_relevant(data)
    bom = _cdx_bom(fmt, lambda cls: cls.from_json(relevant))
    if total > MAX_VALIDATED_COMPONENTS:
        # The schema check grows faster than the document (uniqueItems): skipped, and said so.
        warnings = [f"{path}: {total:,} components; not checked against the CycloneDX schema"]
    else:
        warnings = _cdx_validate(path, text, version)
    cards: dict[str, dict[str, Any]] = {}
    for comp in _json_components(data):
        card = comp.get("modelCard")
        if isinstance(card, dict):
            cards[str(comp.get("bom-ref") or comp.get("name"))] = card
    return replace(_cdx_facts(path, text, fmt, bom, cards, json_keys=True), warnings=tuple(warnings))


# What an SBOM may cost: the models and datasets it lists (all the scan reads) are kept, at most
# MAX_READ_COMPONENTS of them, and the library's schema check runs on documents of modest size.
MAX_READ_COMPONENTS = 200
MAX_VALIDATED_COMPONENTS = 500
_CDX_READ_TYPES = ("machine-learning-model", "data")


def _cdx_relevant(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The document with only its model and data components (nested ones lifted, at most
    MAX_READ_COMPONENTS), and how many components it had in all. Linear in the document."""
    kept: list[dict[str, Any]] = []
    total = 0
    stack = list(reversed(data.get("components") or [])) if isinstance(data.get("components"), list) else []
    while stack:
        comp = stack.pop()
        if not isinstance(comp, dict):
            continue
        total += 1
        nested = comp.get("components")
        if isinstance(nested, list):
            stack.extend(reversed(nested))
        if comp.get("type") in _CDX_READ_TYPES and len(kept) < MAX_READ_COMPONENTS:
            kept.append({k: v for k, v in comp.items() if k != "components"})
    relevant = {k: v for k, v in data.items() if k not in ("components", "dependencies", "compositions")}
    relevant["components"] = kept
    return relevant, total


def _json_components(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    meta = data.get("metadata")
    stack: list[Any] = [meta.get("component")] if isinstance(meta, dict) else []
    stack += data.get("components") or [] if isinstance(data.get("components"), list) else []
    while stack:
        comp = stack.pop()
        if isinstance(comp, dict):
            yield comp
            if isinstance(comp.get("components"), list):
                stack.extend(comp["components"])


def _cdx_xml(path: str, text: str, kind: str) -> SbomFacts:
    import io
    import xml.etree.ElementTree as ET

    fmt = "CycloneDX (XML)"
    # The library parses with defusedxml (no entity expansion); only a document it accepted is
    # parsed again below, for the model card it does not model yet.
    bom = _cdx_bom(fmt, lambda cls: cls.from_xml(io.StringIO(text)))
    root = ET.fromstring(text)
    match = _CDX_NS.match(root.tag)
    version = match.group(1) if match else ""
    ns = match.group(0) if match else ""
    fmt = f"CycloneDX {version} (XML)"
    cards: dict[str, dict[str, Any]] = {}
    for comp in root.iter(f"{ns}component"):
        card = comp.find(f"{ns}modelCard")
        if card is not None:
            name = comp.findtext(f"{ns}name") or ""
            cards[comp.get("bom-ref") or name] = _xml_dict(card, ns)
    return _cdx_facts(path, text, fmt, bom, cards, json_keys=False)


def _xml_dict(elem: Any, ns: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in elem:
        tag = str(child.tag).removeprefix(ns)
        value: Any = _xml_dict(child, ns) if len(child) else (child.text or "").strip()
        if tag in out:
            prev = out[tag]
            out[tag] = (prev if isinstance(prev, list) else [prev]) + [value]
        else:
            out[tag] = value
    return out


def _cdx_bom(fmt: str, load: Any) -> Any:
    from cyclonedx.model.bom import Bom

    try:
        bom = load(Bom)
    except Exception as exc:  # py-serializable raises assorted errors on documents it cannot map
        raise _Malformed(fmt, f"not a valid CycloneDX document: {_clip(exc)}") from exc
    if bom is None:
        raise _Malformed(fmt, "not a valid CycloneDX document")
    return bom


def _cdx_validate(path: str, text: str, version: str) -> list[str]:
    """The library's own JSON-schema validation; a failure is a warning, the facts are still read."""
    from cyclonedx.exception import MissingOptionalDependencyException
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonValidator

    try:
        schema = SchemaVersion.from_version(version)
        error = JsonValidator(schema).validate_str(text)
    except (ValueError, MissingOptionalDependencyException):
        return []  # a version or validator this installation lacks: nothing to say either way
    if error is None:
        return []
    return [f"{path}: does not validate as CycloneDX {version} ({_clip(error.data.message)})"]


def _cdx_facts(
    path: str, text: str, fmt: str, bom: Any, cards: dict[str, dict[str, Any]], json_keys: bool
) -> SbomFacts:
    from cyclonedx.model.component import ComponentType

    lines = _Lines(text)
    comps = list(_all_components(bom))
    models = [c for c in comps if c.type == ComponentType.MACHINE_LEARNING_MODEL]
    main = models or ([bom.metadata.component] if bom.metadata.component is not None else [])
    licences: list[SbomField] = []
    card_fields: list[SbomField] = []
    for comp in main:
        licences += _cdx_licences(lines, comp, json_keys)
        card = cards.get(str(comp.bom_ref.value)) or cards.get(comp.name)
        if card:
            for key, value in _flatten(card, "modelCard"):
                leaf = key.rsplit(".", 1)[-1].split("[", 1)[0]
                card_fields.append(lines.field(key, value, comp.name, (leaf,)))
    datasets = []
    for comp in comps:
        if comp.type != ComponentType.DATA:
            continue
        fields = []
        if comp.description:
            fields.append(lines.field("data.description", comp.description, comp.name, ("description",)))
        datasets.append(SbomDataset(comp.name, tuple(fields), tuple(_cdx_licences(lines, comp, json_keys))))
    return SbomFacts(
        path,
        fmt,
        subject=main[0].name if main else None,
        is_model=bool(models),
        licenses=tuple(licences),
        model=tuple(card_fields[:_MAX_FIELDS]),
        datasets=tuple(datasets),
    )


def _all_components(bom: Any) -> Iterator[Any]:
    stack = list(bom.components)
    if bom.metadata.component is not None:
        stack.append(bom.metadata.component)
    while stack:
        comp = stack.pop(0)
        yield comp
        stack.extend(comp.components)


def _cdx_licences(lines: _Lines, comp: Any, json_keys: bool) -> list[SbomField]:
    from cyclonedx.model.license import DisjunctiveLicense

    out = []
    for lic in comp.licenses:
        ack = lic.acknowledgement.value if lic.acknowledgement is not None else ""
        key = f"licenses[{ack}]" if ack else "licenses"
        by_name = False
        if isinstance(lic, DisjunctiveLicense):
            value = lic.id or lic.name or ""
            by_name = not lic.id
            keys: tuple[str, ...] = ('"id"', '"name"') if json_keys else ("<id>", "<name>")
        else:
            value = str(lic.value)
            keys = ('"expression"',) if json_keys else ("<expression",)
        if value and value not in _NO_LICENCE:
            fld = lines.field(key, value, comp.name, keys)
            # A `name` is free text ("Llama 2 Community License"), unless it is a LicenseRef- id.
            out.append(replace(fld, expression=not by_name or value.startswith("LicenseRef-")))
    return out


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _flatten(v, f"{prefix}[{i}]")
    elif isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
        yield prefix, str(value).strip()
    elif isinstance(value, bool):
        yield prefix, "true" if value else "false"
