"""Issue 14: several models under different terms are each listed with their terms (report,
JSON, comment, terminal); the tier is that of the least open one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.engine import scan
from openwash.render import markdown, text
from openwash.report import ModelTerms

Repo = Callable[..., Path]

TABLE = (
    "# Acme\n\n## Models\n\n| Model | Download | Licence |\n|---|---|---|\n"
    "| acme-7b | [hf](https://huggingface.co/acme/acme-7b) | Apache 2.0 |\n"
    "| acme-70b | [hf](https://huggingface.co/acme/acme-70b) | CC BY-NC 4.0 |\n"
)


def by_name(models: tuple[ModelTerms, ...]) -> dict[str, ModelTerms]:
    return {m.name: m for m in models}


def test_each_model_of_a_table_is_listed_with_its_own_licence(make_repo: Repo) -> None:
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": TABLE})))
    models = by_name(report.models)
    assert models["acme-70b"].licenses == ("CC-BY-NC-4.0",)
    assert models["acme-70b"].osd_compliant is False and models["acme-70b"].stated
    assert (models["acme-70b"].path, models["acme-70b"].line) == ("README.md", 8)
    assert models["acme-7b"].licenses == ("Apache-2.0",)
    assert models["acme-7b"].osd_compliant is not False
    assert report.tier == "open-access"  # the least open model decides


def test_a_commercial_use_column_marks_that_model_alone(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n| Model | Download | Commercial use |\n|---|---|---|\n"
        "| acme-7b | [hf](https://huggingface.co/acme/acme-7b) | ✅ |\n"
        "| acme-70b | [hf](https://huggingface.co/acme/acme-70b) | ❌ |\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    models = by_name(report.models)
    assert models["acme-70b"].osd_compliant is False and models["acme-70b"].note == "Commercial use: ❌"
    assert "acme-7b" not in models or models["acme-7b"].osd_compliant is not False


def test_registry_entries_are_named_by_their_keys(make_repo: Repo) -> None:
    registry = (
        '{\n  "tts_models": {\n    "en": {\n      "fast": {\n        "description": "fast voice",\n'
        '        "license": "CC BY-NC-ND 4.0"\n      },\n      "slow": {\n        "license": "MIT"\n'
        "      }\n    }\n  }\n}\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme TTS\n", "acme/.models.json": registry}
    report = scan(str(make_repo(files, weights=True)))
    models = by_name(report.models)
    assert models["tts_models/en/fast"].licenses == ("CC-BY-NC-ND-4.0",)
    assert models["tts_models/en/fast"].line == 6 and models["tts_models/en/fast"].osd_compliant is False
    assert models["tts_models/en/slow"].licenses == ("MIT",)
    assert report.tier == "open-access"


def test_linked_models_carry_the_weights_terms_and_bases_are_left_out(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\nWeights: [acme-7b](https://huggingface.co/acme/acme-7b) and "
        "[acme-13b](https://huggingface.co/acme/acme-13b).\n\n"
        "To train your own, download [the base](https://huggingface.co/runwayml/stable-diffusion-v1-5).\n"
    )
    report = scan(str(make_repo({"LICENSE": RESTRICTIVE, "README.md": readme})))
    models = by_name(report.models)
    assert set(models) == {"acme/acme-7b", "acme/acme-13b"}  # the base's terms are not this licence
    assert all(m.licenses == models["acme/acme-7b"].licenses and not m.stated for m in models.values())
    assert models["acme/acme-7b"].osd_compliant is False


def test_one_model_found_by_its_card_alone(make_repo: Repo) -> None:
    card = "---\nlicense: mit\npipeline_tag: text-generation\n---\n# Acme\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card}, name="acme-small")))
    assert [(m.name, m.licenses) for m in report.models] == [("acme-small", ("MIT",))]


def test_no_model_no_list(make_repo: Repo) -> None:
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": "# A library\n"})))
    assert report.models == ()


def test_the_list_in_json_comment_and_terminal(make_repo: Repo) -> None:
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": TABLE})))
    data = json.loads(json.dumps(report.to_dict()))
    row = next(m for m in data["models"] if m["name"] == "acme-70b")
    assert row["licenses"] == ["CC-BY-NC-4.0"] and row["osd_compliant"] is False
    comment = markdown.render(report)
    assert "### Models" in comment
    # The least open model comes first: it decides the tier.
    assert comment.index("acme-70b") < comment.index("| acme-7b")
    assert "acme-70b: CC-BY-NC-4.0; fails the OSD" in text.render(report)


def test_a_model_name_cannot_inject_markup(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n| Model | Licence |\n|---|---|\n"
        "| <img src=x onerror=alert(1)> @octocat | CC BY-NC 4.0 |\n| acme-7b | MIT |\n"
        "\n[w](https://huggingface.co/acme/acme-7b)\n"
    )
    comment = markdown.render(scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme}))))
    section = comment.split("### Models", 1)[1].split("###", 1)[0]
    assert "<img" not in section and "@octocat" not in section


NC_TERMS = (
    "DETECTOR SOFTWARE LICENSE AGREEMENT\n\nNONCOMMERCIAL RESEARCH USE ONLY\n\n"
    "The Software may be used for your own noncommercial internal research purposes only.\n"
)


def test_a_vendored_folder_licence_governs_the_checkpoint_its_code_downloads(make_repo: Repo) -> None:
    code = 'model_path = "https://huggingface.co/acme/tools/resolve/main/ckpts/pose_model.pth"\n'
    files = {
        "LICENSE": PERMISSIVE,
        "README.md": "# Acme\n\nWeights: [acme](https://huggingface.co/acme/acme-7b).\n",
        "annotator/pose/LICENSE": NC_TERMS,
        "annotator/pose/__init__.py": code,
        "annotator/depth/LICENSE": NC_TERMS,  # vendored code that downloads nothing: not the weights'
        "annotator/depth/model.py": "def load(path):\n    return path\n",
    }
    report = scan(str(make_repo(files)))
    models = by_name(report.models)
    pose = models["acme/tools/pose_model.pth"]
    assert (pose.path, pose.line, pose.osd_compliant) == ("annotator/pose/__init__.py", 1, False)
    assert models["acme/acme-7b"].licenses == ("MIT",)  # the repository's own model keeps its terms
    assert report.tier == "open-access"  # the least open model decides
    assert any(f.path == "annotator/pose/LICENSE" and f.severity == "violation" for f in report.findings)
    assert all(i.path != "annotator/depth/LICENSE" for i in report.licenses)
