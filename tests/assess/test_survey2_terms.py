"""Weights' terms as real model repositories outside the development sets state them (second
survey), in our own wording, each with a near miss that must not change: terms kept outside the
tree, conditions of the weights' own in a licence section, Chinese licence sections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE
from openwash.engine import scan
from openwash.report import Report

Repo = Callable[..., Path]
HF = "Weights: [acme-7b](https://huggingface.co/acme/acme-7b).\n"
CODE = "The source code of this repository is licensed under the [MIT License](LICENSE).\n\n"


def weights_ids(report: Report) -> set[str]:
    return {i.id for i in report.licenses if "weights" in i.governs}


def test_weights_bound_to_an_agreement_kept_outside_the_tree_are_a_label_without_text(
    make_repo: Repo,
) -> None:
    agreement = "https://files.example.net/acme/Acme-7B-Model-Agreement.pdf"
    readme = (
        "# Acme\n\n"
        + HF
        + "\n## License\n\n"
        + CODE
        + "Use of the Acme-7B weights, however, must follow the "
        f"[Acme-7B Model Agreement]({agreement}).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert weights_ids(report) == {"LicenseRef-acme-7b-model-agreement"}
    assert [i.governs for i in report.licenses if i.path == "LICENSE"] == [("code",)]
    assert report.tier == "open-access"
    missing = [f for f in report.findings if f.kind == "missing-license-text"]
    assert [(f.path, f.line_start) for f in missing] == [("README.md", 9)]
    assert "Model Agreement" in missing[0].quote
    # The same link given only as where to download the weights states no terms.
    near = (
        "# Acme\n\n"
        + HF
        + "\n## License\n\n"
        + CODE
        + f"The Acme-7B weights can be fetched from [our server]({agreement}).\n"
    )
    near_report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n")))
    assert weights_ids(near_report) == {"MIT"} and near_report.tier == "open-weight"


def test_a_title_in_another_script_is_named_from_its_latin_words(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## 协议\n\n对本仓库源码的使用遵循开源许可协议 [MIT](LICENSE)。\n\n"
        "## License\n\nThe Acme-7B model weights must follow the "
        "[《Acme-7B 模型许可协议》](https://files.example.net/acme/terms.pdf).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert weights_ids(report) == {"LicenseRef-acme-7b-license"}
    # 源码 is the source code: that sentence gives the MIT file to the code only.
    assert [i.governs for i in report.licenses if i.path == "LICENSE"] == [("code",)]


def test_each_models_licence_on_its_own_card_leaves_the_weights_terms_unknown(make_repo: Repo) -> None:
    readme = (
        "# Acme embedders\n\n"
        + HF
        + "\n## License\n\nThis code is licensed under the [MIT License](LICENSE). "
        "See the model cards for the individual license for each model.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert weights_ids(report) == {"unknown"} and report.tier == "open-access"
    # A section whose every sentence speaks of the one licence file leaves it over the weights.
    near = (
        "# Acme embedders\n\n"
        + HF
        + "\n## License\n\nThis code is licensed under the [MIT License](LICENSE). "
        "See the file for the terms.\n"
    )
    assert weights_ids(scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n")))) == {"MIT"}


def test_bases_respective_licences_are_no_new_terms_document(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n"
        + HF
        + "\n## Usage and License Notices\n\nThe checkpoints are subject to their respective "
        "original licenses, such as the [Example Terms of Use](https://example.org/terms).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert not [f for f in report.findings if f.kind == "missing-license-text"]
    assert "unknown" not in weights_ids(report)


def test_a_licence_section_gives_the_weights_conditions_of_their_own(make_repo: Repo) -> None:
    readme = (
        "# Acme TTS\n\n" + HF + "\n## License\n\nCode: MIT License\n\n"
        "Pre-trained models: before using these pre-trained models, you agree to tell listeners that the "
        "voices they hear are synthetic.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme, "train.py": "pass\n"})))
    assert weights_ids(report) == {"LicenseRef-stated-terms"}
    assert report.tier == "open-weight"  # no catalogue names them, no violation found in them
    assert [(f.kind, f.line_start) for f in report.findings if f.kind == "unknown-license"] == [
        ("unknown-license", 9)
    ]
    # A sentence there that only says where the weights are imposes nothing.
    near = readme.replace(
        "before using these pre-trained models, you agree to tell listeners that the voices they hear are "
        "synthetic.",
        "the pre-trained models are on the Hub as listed above.",
    )
    near_report = scan(
        str(make_repo({"LICENSE": PERMISSIVE, "README.md": near, "train.py": "pass\n"}, name="n"))
    )
    assert weights_ids(near_report) == {"MIT"}


def test_a_dataset_link_in_a_licence_sentence_names_no_model(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## License\n\nThe Acme models are released under the [MIT License](LICENSE). "
        "The captions come from [Capset](https://huggingface.co/datasets/example/Capset-1B), which is released "
        "under the CC BY 4.0 license.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert "CC-BY-4.0" not in weights_ids(report)
    # Said of the model itself, the same licence governs the weights.
    near = readme.replace("The captions come from", "The Acme-1B model is fine-tuned from")
    near = near.replace(", which is released under", " and is released under")
    assert "CC-BY-4.0" in weights_ids(
        scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n")))
    )
