"""Issue 14 (governance): the terms that govern the weights, wherever the repository states them.

Small repositories written by the tests: prose licence statements, licence links, model tables,
base models named in prose, several models under different terms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.engine import scan
from openwash.evidence.card import parse_card
from openwash.evidence.statements import statements
from openwash.licenses import names
from openwash.report import Report

Repo = Callable[..., Path]
HF = "Download the weights from [our model page](https://huggingface.co/acme/acme-7b).\n"


def violated(report: Report) -> set[int]:
    return {f.clause for f in report.findings if f.severity == "violation" and f.clause}


def weights_ids(report: Report) -> set[str]:
    return {i.id for i in report.licenses if "weights" in i.governs}


def test_statement_scopes_code_and_weights_in_one_sentence() -> None:
    card = parse_card(
        "README.md",
        "# M\n\n## License\n\nThe code in this repository is open source under the [Apache-2.0 license](./LICENSE),\n"
        "while the use of the model weights must comply with the [Model License](./MODEL_LICENSE).\n",
    )
    got = [(s.scope, s.links, s.line) for s in statements(card)]
    assert ("code", ("./LICENSE",), 5) in got
    assert ("weights", ("./MODEL_LICENSE",), 5) in got


def test_licence_names_and_urls_are_catalogued() -> None:
    assert names.names_in("The model is published under `CC BY-NC 4.0` license.") == ["CC-BY-NC-4.0"]
    assert names.names_in("The code is published under `AGPLv3+` license.") == ["AGPL-3.0-or-later"]
    assert names.id_for_url("https://creativecommons.org/licenses/by-nc-nd/4.0/") == "CC-BY-NC-ND-4.0"
    assert names.id_for_url("https://github.com/facebookresearch/llama/blob/main/LICENSE") == (
        "LicenseRef-scancode-llama-2-license-2023"
    )
    assert names.compliant("CC-BY-NC-4.0") is False and names.compliant("MIT") is True


def test_weights_licence_named_in_prose_beside_a_code_licence_file(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## Licenses\n\nThe code is published under the MIT license.\n\n"
        "The model is published under `CC BY-NC 4.0` license. It should not be used for any commercial purposes.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.tier == "open-access"
    assert "CC-BY-NC-4.0" in weights_ids(report)
    lic = next(i for i in report.licenses if i.path == "LICENSE")
    assert lic.governs == ("code",)  # the README says the MIT file covers the code
    quoted = [f for f in report.findings if f.clause in (1, 6) and f.path == "README.md"]
    assert quoted and all("CC BY-NC 4.0" in f.quote or "commercial" in f.quote for f in quoted)
    assert {1, 6} <= violated(report)


def test_a_model_licence_file_linked_from_the_readme_governs_the_weights(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## Licence\n\nOur source code is licensed under the [MIT license](LICENSE).\n"
        "The model parameters are made available under the\n"
        "[Terms of Use](https://github.com/acme/acme/blob/main/TERMS_OF_USE.md).\n"
    )
    report = scan(
        str(make_repo({"LICENSE": PERMISSIVE, "TERMS_OF_USE.md": RESTRICTIVE, "README.md": readme}))
    )
    governs = {i.path: i.governs for i in report.licenses if i.path}
    assert governs["LICENSE"] == ("code",)
    assert governs["TERMS_OF_USE.md"] == ("weights",)
    assert report.tier == "open-access" and 5 in violated(report)


def test_section_sentence_says_the_linked_licence_covers_code_and_weights(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n"
        + HF
        + "\n# License\n[Our Terms](./LICENSE)\n\nIt covers both released code and weights.\n"
    )
    report = scan(str(make_repo({"LICENSE": RESTRICTIVE, "README.md": readme})))
    lic = next(i for i in report.licenses if i.path == "LICENSE")
    assert set(lic.governs) == {"weights", "code"}
    assert report.tier == "open-access"


def test_several_models_the_least_open_decides(make_repo: Repo) -> None:
    docs = (
        "# Pretrained\n\n## Acme-small\n\nModels are licensed under the MIT License.\n\n"
        "## Acme-large\n\nModels are licensed under CC-BY-NC.\n"
    )
    report = scan(
        str(make_repo({"LICENSE": PERMISSIVE, "README.md": "# Acme\n\n" + HF, "docs/PRETRAINED.md": docs}))
    )
    assert {"MIT", "CC-BY-NC-4.0"} <= weights_ids(report)
    assert report.tier == "open-access"


def test_model_table_with_a_commercial_use_column(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n| Model | Download | Commercial use |\n|---|---|---|\n"
        "| acme-7b | [hf](https://huggingface.co/acme/acme-7b) | ✅ |\n"
        "| acme-70b | [hf](https://huggingface.co/acme/acme-70b) | ❌ |\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    row = [f for f in report.findings if f.clause == 6 and f.severity == "violation"]
    assert row and row[0].line_start == 6 and "acme-70b" in row[0].quote
    assert report.tier == "open-access"


def test_base_model_named_in_prose_is_inherited(make_repo: Repo) -> None:
    readme = "# Vicuna-like\n\n" + HF + "\nAcme-Chat is based on Llama 2 and was tuned on conversations.\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    inherited = [i for i in report.licenses if i.source == "inherited"]
    assert inherited and inherited[0].id == "LicenseRef-scancode-llama-2-license-2023"
    assert report.tier == "open-access"
    assert any(f.kind == "inherited-terms" and f.line_start == 5 for f in report.findings)


def test_base_llm_column_of_a_model_table(make_repo: Repo) -> None:
    readme = (
        "# Acme-VL\n\n| Model | Language Part | Link |\n|---|---|---|\n"
        "| Acme-VL-2B | Qwen2.5-1.5B | [hf](https://huggingface.co/acme/vl-2b) |\n"
        "| Acme-VL-78B | Qwen2.5-72B-Instruct | [hf](https://huggingface.co/acme/vl-78b) |\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert "LicenseRef-scancode-qwen-2024" in weights_ids(report)  # the least open base decides
    assert report.tier == "open-access"


def test_training_config_names_the_base(make_repo: Repo) -> None:
    files = {
        "LICENSE": PERMISSIVE,
        "README.md": "# TTS\n\n" + HF,
        "finetune/config.yaml": 'model_name: "meta-llama/Llama-3.2-3B-Instruct"\nepochs: 1\n',
    }
    report = scan(str(make_repo(files)))
    assert "LicenseRef-scancode-llama-3.2-license-2024" in weights_ids(report)


def test_a_hub_model_card_does_not_inherit_from_its_comparison_table(make_repo: Repo) -> None:
    card = (
        "---\nlicense: mit\n---\n# R1\n\n| Model | Base Model |\n|---|---|\n| R1-Distill-8B | Llama-3.1-8B |\n\n"
        "- R1-Distill-8B is derived from Llama3.1-8B-Base.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card}, weights=True)))
    assert not [i for i in report.licenses if i.source == "inherited"]
    assert report.tier == "open-weight"


def test_checkpoints_comply_with_the_base_llm_licence(make_repo: Repo) -> None:
    readme = (
        "# Acme-Chat\n\n" + HF + "\nAcme-Chat is built on Llama-2-13b.\n\n"
        "## License\n\nThe code is MIT. Usage of the checkpoints should comply with the base LLM's licence.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.components["weights"].terms_source == "inherited"
    assert report.tier == "open-access"


def test_restrictive_card_label_beside_a_permissive_file(make_repo: Repo) -> None:
    card = "---\nlicense: llama3.1\npipeline_tag: text-generation\n---\n# M\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card}, weights=True)))
    assert any(f.kind == "card-license-mismatch" and f.severity == "violation" for f in report.findings)
    assert weights_ids(report) == {"LicenseRef-scancode-llama-3.1-license-2024"}
    assert report.tier == "open-access"


def test_a_permissive_licence_named_in_prose_without_its_text_is_a_label(make_repo: Repo) -> None:
    card = "---\nlicense: apache-2.0\npipeline_tag: text-generation\n---\n# M\n\nThe model is released under the Apache 2.0 license.\n"
    report = scan(str(make_repo({"README.md": card}, weights=True)))
    assert any(f.kind == "missing-license-text" for f in report.findings)
    assert report.components["weights"].terms_source == "label-only"
    assert report.tier == "open-access"


def test_uncatalogued_terms_without_a_violation_are_open_weight_with_a_concern(make_repo: Repo) -> None:
    terms = (
        "ACME MODEL TERMS\n\nYou may use, copy, modify and share the ACME model and its outputs, for any purpose,\n"
        "provided that you keep this notice with every copy.\n"
    )
    report = scan(str(make_repo({"LICENSE": terms, "README.md": "# Acme\n\n" + HF})))
    assert report.tier == "open-weight"
    assert report.components["weights"].osd_compliant is None
    assert any(f.kind == "unknown-license" and f.severity == "concern" for f in report.findings)


def test_inherited_restrictive_base_leaves_the_file_to_the_code(make_repo: Repo) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-2-7b-hf\n---\n# M\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card}, weights=True)))
    on_weights = [i for i in report.licenses if "weights" in i.governs]
    assert [i.id for i in on_weights] == ["LicenseRef-scancode-llama-2-license-2023"]
    assert next(i for i in report.licenses if i.path == "LICENSE").governs == ("code",)


def test_a_model_registry_states_each_models_licence(make_repo: Repo) -> None:
    registry = (
        '{\n  "tts_models": {\n    "small": {\n      "model_url": "https://example.org/small.pth",\n'
        '      "license": "MIT"\n    },\n    "large": {\n      "model_url": "https://example.org/large.pth",\n'
        '      "license": "CC BY-NC-ND 4.0"\n    }\n  }\n}\n'
    )
    report = scan(
        str(make_repo({"LICENSE": PERMISSIVE, "README.md": "# TTS\n\n" + HF, "tts/.models.json": registry}))
    )
    assert {"MIT", "CC-BY-NC-ND-4.0"} <= weights_ids(report)
    nd = [f for f in report.findings if f.clause == 3 and f.path == "tts/.models.json"]
    assert nd and nd[0].line_start == 9
    assert report.tier == "open-access"


def test_a_model_licence_stated_for_the_weights_stays_beside_a_restrictive_base(make_repo: Repo) -> None:
    readme = (
        "# Acme-VL\n\n" + HF + "\nAcme-VL is built on Llama 3 8B.\n\n## License\n\n"
        "The code in this repository is open source under the [Apache-2.0 license](./LICENSE), while the use\n"
        "of the model weights must comply with the [Model License](./MODEL_LICENSE).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "MODEL_LICENSE": RESTRICTIVE, "README.md": readme})))
    governs = {i.path or i.id: i.governs for i in report.licenses}
    assert governs["MODEL_LICENSE"] == ("weights",)  # both terms bind the weights
    assert governs["LicenseRef-llama3"] == ("weights",)
    assert governs["LICENSE"] == ("code",)
    assert report.tier == "open-access"
