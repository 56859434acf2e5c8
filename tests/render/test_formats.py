"""The formats the field already uses: every output format for every example repository (and every
corpus case when ../shared is beside the checkout), each checked by a validator that is not openwash's own; SBOMs (SPDX 2.3, SPDX 3, CycloneDX) read as evidence; and the
round trip (an AI-BOM put back beside the files it describes leaves the tier unchanged)."""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import (
    CORPUS,
    EXAMPLES,
    PERMISSIVE,
    RESTRICTIVE,
    SPDX2_TAG_VALUE,
    materialize_case,
    needs_shared,
)
from openwash.cli import main
from openwash.engine import scan
from openwash.evidence.sbom import read_sbom
from openwash.render import FORMATS, renderer
from openwash.report import KIND_MISSING_TEXT, KIND_SBOM_MISMATCH, Report

# The restrictive terms without their title line: no catalogue and no title names them (unknown).
UNTITLED = RESTRICTIVE.split("\n", 2)[2]

Repo = Callable[..., Path]
EXAMPLE_CASES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
CORPUS_CASES = (
    sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file()) if CORPUS.is_dir() else []
)
# Without ../shared the corpus stands as one skipped case per test, with the reason.
CASES = [*EXAMPLE_CASES, *[pytest.param(c, marks=needs_shared) for c in CORPUS_CASES or ["corpus"]]]
NEW_FORMATS = ("spdx", "spdx3", "cyclonedx", "mof", "badge", "svg")
BOM_FILES = {"spdx": "openwash.spdx.json", "spdx3": "openwash.spdx3.json", "cyclonedx": "openwash.cdx.json"}


# --------------------------------------------------------------------------- cases, once per module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Report]]:
    root = tmp_path_factory.mktemp("cases")
    out = {}
    for case in EXAMPLE_CASES:
        repo = Path(shutil.copytree(EXAMPLES / case, root / case))
        out[case] = (repo, scan(str(repo)))
    for case in CORPUS_CASES:
        repo = materialize_case(case, root / case)
        out[case] = (repo, scan(str(repo)))
    return out


@pytest.fixture(scope="module")
def rendered(corpus: dict[str, tuple[Path, Report]]) -> dict[tuple[str, str], str]:
    return {
        (case, fmt): renderer(fmt).render(rep) for case, (_, rep) in corpus.items() for fmt in NEW_FORMATS
    }


def test_every_new_format_is_registered() -> None:
    assert set(NEW_FORMATS) <= set(FORMATS)


@pytest.mark.parametrize("case", CASES)
def test_spdx_2_3_validates_with_spdx_tools(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str]
) -> None:
    from spdx_tools.spdx.model.relationship import RelationshipType
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    report = corpus[case][1]
    doc = JsonLikeDictParser().parse(  # type: ignore[no-untyped-call]
        json.loads(rendered[case, "spdx"])
    )
    assert validate_full_spdx_document(doc) == []
    assert doc.creation_info.spdx_version == "SPDX-2.3"
    described = [
        r.related_spdx_element_id
        for r in doc.relationships
        if r.relationship_type == RelationshipType.DESCRIBES
    ]
    model = next(p for p in doc.packages if p.spdx_id == described[0])
    weights_licence = report.components["weights"].license
    if weights_licence and "unknown" not in weights_licence:
        assert str(model.license_concluded) == weights_licence
    # The tier and every finding travel as annotations on the model.
    comments = [a.annotation_comment for a in doc.annotations if a.spdx_id == model.spdx_id]
    assert len(comments) == 1 + len(report.findings)
    assert f"openness tier {report.tier}" in comments[0]


@pytest.mark.parametrize("case", CASES)
def test_spdx3_loads_in_spdx_python_model(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str]
) -> None:
    import spdx_python_model
    from spdx_python_model import v3_0_1 as m

    report = corpus[case][1]
    model, objset = spdx_python_model.load_data(json.loads(rendered[case, "spdx3"]))
    assert model is m
    ai = list(objset.foreach_type(m.ai_AIPackage))
    assert len(ai) == (1 if report.model_found else 0)
    subject = ai[0] if ai else next(iter(objset.foreach_type(m.software_Package)))
    rels = [r for r in objset.foreach_type(m.Relationship) if r.from_ is subject]
    kinds = {r.relationshipType for r in rels}
    if report.components["weights"].license:
        assert m.RelationshipType.hasConcludedLicense in kinds
    datasets = list(objset.foreach_type(m.dataset_DatasetPackage))
    if datasets:
        trained = next(r for r in rels if r.relationshipType == m.RelationshipType.trainedOn)
        assert set(map(id, trained.to)) == set(map(id, datasets))
    notes = [a for a in objset.foreach_type(m.Annotation) if a.subject is subject]
    assert len(notes) == 1 + len(report.findings)


@pytest.mark.parametrize("case", CASES)
def test_cyclonedx_1_6_validates_with_cyclonedx_lib(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str]
) -> None:
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import ComponentType
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    report = corpus[case][1]
    text = rendered[case, "cyclonedx"]
    assert _cdx_validator(JsonStrictValidator, SchemaVersion.V1_6).validate_str(text) is None
    data = json.loads(text)
    assert data["specVersion"] == "1.6"
    bom = Bom.from_json(data)  # type: ignore[attr-defined]
    subject = bom.metadata.component
    want = ComponentType.MACHINE_LEARNING_MODEL if report.model_found else ComponentType.APPLICATION
    assert subject.type == want
    props = {p.name: p.value for p in subject.properties}
    assert props["openwash:tier"] == report.tier


@pytest.mark.parametrize("case", CASES)
def test_mof_yaml_validates_and_gives_the_scans_class(
    case: str,
    corpus: dict[str, tuple[Path, Report]],
    rendered: dict[tuple[str, str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from jsonschema import Draft202012Validator

    from openwash.assess.mof import model_schema

    report = corpus[case][1]
    text = rendered[case, "mof"]
    validator = Draft202012Validator(model_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(yaml.safe_load(text))) == []
    path = tmp_path / "model.yml"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["mof", str(path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert report.mof is not None
    assert result["class"] == report.mof.mof_class
    assert result["progress"] == report.mof.progress


@pytest.mark.parametrize("case", CASES)
def test_badge_is_a_shields_endpoint(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str]
) -> None:
    data = json.loads(rendered[case, "badge"])
    assert set(data) == {"schemaVersion", "label", "message", "color"}
    assert data["schemaVersion"] == 1 and data["label"] == "openness"
    assert data["message"] == corpus[case][1].tier
    assert len(data["color"]) == 6 and int(data["color"], 16) >= 0


@pytest.mark.parametrize("case", CASES)
def test_svg_badge_is_xml(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str]
) -> None:
    root = ET.fromstring(rendered[case, "svg"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert corpus[case][1].tier in texts and "openness" in texts


def test_svg_escapes_its_text(corpus: dict[str, tuple[Path, Report]]) -> None:
    odd = replace(corpus["apache-2.0-model"][1], tier='<b>&"x"</b>')
    root = ET.fromstring(renderer("svg").render(odd))
    assert '<b>&"x"</b>' in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("fmt", NEW_FORMATS)
def test_cli_writes_each_format(
    fmt: str, corpus: dict[str, tuple[Path, Report]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["scan", str(corpus["apache-2.0-model"][0]), "--format", fmt, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip()


# --------------------------------------------------------------------------- the round trip


@pytest.mark.parametrize("case", CASES)
def test_an_ai_bom_put_back_keeps_the_tier(
    case: str, corpus: dict[str, tuple[Path, Report]], rendered: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    repo, report = corpus[case]
    for fmt, name in BOM_FILES.items():
        copy = tmp_path / fmt
        shutil.copytree(repo, copy)
        (copy / name).write_text(rendered[case, fmt], encoding="utf-8")
        again = scan(str(copy))
        assert again.tier == report.tier, fmt
        assert again.mof_class == report.mof_class, fmt
        assert not [w for w in again.warnings if name in w], fmt  # our own BOMs read back cleanly
        assert any(lic.source == "sbom" and lic.path == name for lic in again.licenses) == bool(
            report.components["weights"].license or _declared(report)
        ), fmt


def test_round_trip_names_an_unidentified_licence_consistently(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE-MODEL": UNTITLED, "LICENSE": PERMISSIVE}, weights=True)
    report = scan(str(repo))
    assert "unknown" in (report.components["weights"].license or "")
    for fmt, name in BOM_FILES.items():
        (repo / name).write_text(renderer(fmt).render(report), encoding="utf-8")
    again = scan(str(repo))
    assert again.tier == report.tier
    assert not [f for f in again.findings if f.kind == KIND_SBOM_MISMATCH]
    refs = {lic.id for lic in again.licenses if lic.source == "sbom"}
    assert "LicenseRef-openwash-unidentified-LICENSE-MODEL" in refs


def _declared(report: Report) -> bool:
    return any("weights" in lic.governs and lic.source in ("text", "card") for lic in report.licenses)


# --------------------------------------------------------------------------- SBOMs as evidence


def spdx2_json(declared: str = "MIT", concluded: str = "NOASSERTION") -> str:
    return json.dumps(
        {
            "spdxVersion": "SPDX-2.3",
            "dataLicense": "CC0-1.0",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": "acme-model",
            "documentNamespace": "https://example.com/spdx/acme-model-2",
            "creationInfo": {"created": "2025-01-01T00:00:00Z", "creators": ["Tool: hand-written"]},
            "documentDescribes": ["SPDXRef-model"],
            "packages": [
                {
                    "SPDXID": "SPDXRef-model",
                    "name": "acme-model",
                    "downloadLocation": "NOASSERTION",
                    "filesAnalyzed": False,
                    "licenseConcluded": concluded,
                    "licenseDeclared": declared,
                    "copyrightText": "NOASSERTION",
                }
            ],
        },
        indent=2,
    )


def spdx3_jsonld(declared: str = "MIT") -> str:
    ns = "https://example.com/acme#"
    graph: list[dict[str, Any]] = [
        {
            "type": "CreationInfo",
            "@id": "_:ci",
            "specVersion": "3.0.1",
            "created": "2025-01-01T00:00:00Z",
            "createdBy": [ns + "acme"],
        },
        {"type": "Organization", "spdxId": ns + "acme", "creationInfo": "_:ci", "name": "ACME"},
        {
            "type": "ai_AIPackage",
            "spdxId": ns + "model",
            "creationInfo": "_:ci",
            "name": "acme-model",
            "software_primaryPurpose": "model",
            "ai_typeOfModel": ["transformer"],
            "ai_domain": ["text generation"],
            "ai_limitation": "Not evaluated on languages other than English.",
            "ai_standardCompliance": ["ISO/IEC 42001"],
        },
        {
            "type": "dataset_DatasetPackage",
            "spdxId": ns + "data",
            "creationInfo": "_:ci",
            "name": "acme-corpus",
            "software_primaryPurpose": "data",
            "dataset_datasetType": ["text"],
            "dataset_datasetAvailability": "directDownload",
            "dataset_dataCollectionProcess": "Crawled from public forums in 2024, deduplicated.",
        },
        {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": ns + "lic-model",
            "creationInfo": "_:ci",
            "simplelicensing_licenseExpression": declared,
        },
        {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": ns + "lic-data",
            "creationInfo": "_:ci",
            "simplelicensing_licenseExpression": "CC-BY-4.0",
        },
        {
            "type": "Relationship",
            "spdxId": ns + "rel-1",
            "creationInfo": "_:ci",
            "from": ns + "model",
            "to": [ns + "lic-model"],
            "relationshipType": "hasDeclaredLicense",
        },
        {
            "type": "Relationship",
            "spdxId": ns + "rel-2",
            "creationInfo": "_:ci",
            "from": ns + "data",
            "to": [ns + "lic-data"],
            "relationshipType": "hasDeclaredLicense",
        },
        {
            "type": "Relationship",
            "spdxId": ns + "rel-3",
            "creationInfo": "_:ci",
            "from": ns + "model",
            "to": [ns + "data"],
            "relationshipType": "trainedOn",
        },
    ]
    return json.dumps(
        {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": graph}, indent=2
    )


def cyclonedx_json(licence: str = "MIT") -> str:
    return json.dumps(
        {
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "version": 1,
            "metadata": {
                "component": {
                    "type": "machine-learning-model",
                    "bom-ref": "model",
                    "name": "acme-model",
                    "licenses": [{"license": {"id": licence, "acknowledgement": "declared"}}],
                    "modelCard": {
                        "modelParameters": {
                            "task": "text-generation",
                            "architectureFamily": "transformer",
                            "datasets": [{"ref": "data-1"}],
                        },
                        "considerations": {"technicalLimitations": ["Makes facts up."]},
                    },
                }
            },
            "components": [{"type": "data", "bom-ref": "data-1", "name": "acme-corpus"}],
            "dependencies": [{"ref": "model", "dependsOn": ["data-1"]}, {"ref": "data-1"}],
        },
        indent=2,
    )


def model_repo(make_repo: Repo, sbom: dict[str, str], licence: str | None = PERMISSIVE) -> Path:
    files = dict(sbom)
    if licence is not None:
        files["LICENSE"] = licence
    return make_repo(files, weights=True)


def test_sbom_samples_are_valid_in_their_own_libraries() -> None:
    """The hand-written SBOMs below are real documents, by their own projects' validators."""
    import spdx_python_model
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    assert (
        validate_full_spdx_document(
            JsonLikeDictParser().parse(  # type: ignore[no-untyped-call]
                json.loads(spdx2_json())
            )
        )
        == []
    )
    spdx_python_model.load_data(json.loads(spdx3_jsonld()))
    assert _cdx_validator(JsonStrictValidator, SchemaVersion.V1_6).validate_str(cyclonedx_json()) is None


def test_spdx2_json_licence_is_evidence(make_repo: Repo) -> None:
    report = scan(str(model_repo(make_repo, {"sbom/model.spdx.json": spdx2_json()})))
    sbom = [lic for lic in report.licenses if lic.source == "sbom"]
    assert [(lic.id, lic.path, lic.osd_compliant) for lic in sbom] == [("MIT", "sbom/model.spdx.json", True)]
    assert not [f for f in report.findings if f.kind == KIND_SBOM_MISMATCH]
    assert report.tier == "open-weight"


def test_spdx2_tag_value_mismatch_is_quoted(make_repo: Repo) -> None:
    non_commercial = (EXAMPLES / "non-commercial-weights" / "LICENSE").read_text(encoding="utf-8")
    report = scan(str(model_repo(make_repo, {"model.spdx": SPDX2_TAG_VALUE}, licence=non_commercial)))
    (finding,) = [f for f in report.findings if f.kind == KIND_SBOM_MISMATCH]
    where = (finding.path, finding.line_start, finding.quote)
    assert where == ("model.spdx", 15, "PackageLicenseDeclared: MIT")
    assert finding.severity == "violation"  # an open label over terms that fail the OSD
    assert "CC-BY-NC-4.0" in finding.explanation
    assert report.tier == "open-access"  # the licence text, not the SBOM, decides


def test_sbom_label_over_an_unidentified_licence_is_a_mismatch(make_repo: Repo) -> None:
    report = scan(str(model_repo(make_repo, {"model.spdx.json": spdx2_json()}, licence=UNTITLED)))
    (finding,) = [f for f in report.findings if f.kind == KIND_SBOM_MISMATCH]
    assert finding.quote == '"licenseDeclared": "MIT",' and finding.line_start is not None
    assert "unknown" in finding.explanation


def test_round_trip_keeps_a_licence_named_by_its_title(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE-MODEL": RESTRICTIVE, "LICENSE": PERMISSIVE}, weights=True)
    report = scan(str(repo))
    assert "LicenseRef-acme-model-community-license" in (report.components["weights"].license or "")
    for fmt, name in BOM_FILES.items():
        (repo / name).write_text(renderer(fmt).render(report), encoding="utf-8")
    again = scan(str(repo))
    assert again.tier == report.tier
    assert not [f for f in again.findings if f.kind == KIND_SBOM_MISMATCH]


def test_spdx2_yaml_is_read(tmp_path: Path) -> None:
    text = yaml.safe_dump(json.loads(spdx2_json("Apache-2.0")), sort_keys=False)
    facts = read_sbom("model.spdx.yaml", text)
    assert facts is not None and facts.format == "SPDX 2.3 (YAML)" and not facts.warnings
    assert [(f.key, f.value) for f in facts.licenses] == [("licenseDeclared", "Apache-2.0")]
    assert facts.licenses[0].quote == "licenseDeclared: Apache-2.0"


def test_spdx3_ai_and_dataset_profiles(make_repo: Repo) -> None:
    facts = read_sbom("model.spdx3.json", spdx3_jsonld())
    assert facts is not None and facts.is_model and facts.format == "SPDX 3.0.1 (JSON-LD)"
    fields = {f.key: f for f in facts.model}
    assert fields["ai_typeOfModel"].value == "transformer"
    assert fields["ai_limitation"].quote.startswith('"ai_limitation": "Not evaluated')
    assert fields["ai_standardCompliance"].value == "ISO/IEC 42001"
    assert fields["ai_domain"].line is not None
    (data,) = facts.datasets
    assert data.name == "acme-corpus" and data.informative
    assert {f.key: f.value for f in data.fields}["dataset_datasetAvailability"] == "directDownload"
    assert [lic.value for lic in data.licenses] == ["CC-BY-4.0"]

    report = scan(str(model_repo(make_repo, {"model.spdx3.json": spdx3_jsonld()})))
    assert "model.spdx3.json" in report.components["documentation"].evidence
    assert "model.spdx3.json" in report.components["data_information"].evidence
    assert any(lic.source == "sbom" and lic.id == "MIT" for lic in report.licenses)


def test_cyclonedx_ml_bom_model_card(make_repo: Repo) -> None:
    facts = read_sbom("bom.json", cyclonedx_json())
    assert facts is not None and facts.is_model and not facts.warnings
    card = {f.key: f for f in facts.model}
    assert card["modelCard.modelParameters.task"].value == "text-generation"
    limitation = card["modelCard.considerations.technicalLimitations[0]"]
    assert limitation.quote == '"technicalLimitations": [ "Makes facts up."' and limitation.line is not None
    assert [(f.key, f.value) for f in facts.licenses] == [("licenses[declared]", "MIT")]

    report = scan(str(model_repo(make_repo, {"bom.json": cyclonedx_json("Apache-2.0")}, licence=RESTRICTIVE)))
    (finding,) = [f for f in report.findings if f.kind == KIND_SBOM_MISMATCH]
    assert finding.path == "bom.json" and '"id": "Apache-2.0"' in finding.quote
    assert "bom.json" in report.components["documentation"].evidence


def test_cyclonedx_xml_model_card() -> None:
    from cyclonedx.model.bom import Bom
    from cyclonedx.output.xml import XmlV1Dot6

    bom = Bom.from_json(json.loads(cyclonedx_json()))  # type: ignore[attr-defined]
    xml = XmlV1Dot6(bom).output_as_string()
    # The library drops the model card (it does not model one yet): put one back by hand.
    xml = xml.replace(
        "</licenses>",
        "</licenses><modelCard><modelParameters><task>text-generation</task></modelParameters></modelCard>",
        1,
    )
    facts = read_sbom("model.cdx.xml", xml)
    assert facts is not None and facts.format == "CycloneDX 1.6 (XML)" and not facts.warnings
    assert [f.value for f in facts.licenses] == ["MIT"]
    assert {f.key: f.value for f in facts.model}["modelCard.modelParameters.task"] == "text-generation"


def test_sbom_label_without_licence_text(make_repo: Repo) -> None:
    report = scan(str(model_repo(make_repo, {"model.spdx": SPDX2_TAG_VALUE}, licence=None)))
    (missing,) = [f for f in report.findings if f.kind == KIND_MISSING_TEXT]
    assert (missing.path, missing.line_start) == ("model.spdx", 15)
    assert "The SBOM declares MIT" in missing.explanation
    weights = report.components["weights"]
    assert weights.terms_source == "label-only" and weights.osd_compliant is None
    assert report.tier == "open-access"  # a label is not a grant


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("model.spdx.json", '{"spdxVersion": "SPDX-2.3", broken', "invalid JSON"),
        (
            "model.spdx",
            "SPDXVersion: SPDX-2.3\nPackageName: x\nnonsense here\n",
            "not a valid SPDX 2 document",
        ),
        (
            "model.spdx3.json",
            '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": 7}',
            "SPDX 3",
        ),
        ("bom.json", '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": 5}', "CycloneDX"),
        (
            "model.cdx.xml",
            '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaa">]>'
            '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><metadata/></bom>',
            "not a valid CycloneDX document",
        ),
        ("model.spdx.json", "\x00\x01binary", "binary"),
        ("bom.json", '{"bomFormat": "CycloneDX", "x": ' + "[" * 50_000 + "]" * 50_000 + "}", "too deeply"),
    ],
)
def test_malformed_sbom_is_a_warning_not_a_crash(make_repo: Repo, name: str, text: str, says: str) -> None:
    repo = model_repo(make_repo, {name: text})
    report = scan(str(repo))
    warnings = [w for w in report.warnings if w.startswith(f"{name}:")]
    assert warnings and says in warnings[0], report.warnings
    assert report.tier == "open-weight"  # the licence text still decides
    assert not [lic for lic in report.licenses if lic.source == "sbom"]


def test_json_ld_of_another_vocabulary_is_not_an_sbom() -> None:
    assert read_sbom("site.jsonld", '{"@context": "https://schema.org", "@type": "Person"}') is None


def test_sbom_libraries_load_only_for_an_sbom(make_repo: Repo) -> None:
    import subprocess

    repo = model_repo(make_repo, {"README.md": "---\nlicense: mit\n---\n# M\n"})
    probe = (
        "import sys; from openwash.engine import scan; scan(sys.argv[1]); "
        "print(','.join(m for m in ('spdx_tools', 'spdx_python_model', 'cyclonedx') if m in sys.modules))"
    )
    plain = subprocess.run(
        [sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, check=True
    )
    assert plain.stdout.strip() == ""
    (repo / "bom.json").write_text(cyclonedx_json(), encoding="utf-8")
    with_bom = subprocess.run(
        [sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, check=True
    )
    assert with_bom.stdout.strip() == "cyclonedx"


# --------------------------------------------------------------------------- helpers

_VALIDATORS: dict[Any, Any] = {}


def _cdx_validator(cls: Any, version: Any) -> Any:
    # Building the validator loads the 1.6 schema; once is enough.
    key = (cls, version)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = cls(version)
    return _VALIDATORS[key]
