"""Terms stated in prose as real model repositories state them (found on repositories outside the
development sets), each with a near miss: a licence linked outside the tree beside the licence
file, a model named by its size or checkpoint file, catalogued model licences named in prose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.engine import scan
from openwash.licenses import names
from openwash.report import Report

Repo = Callable[..., Path]
HF = "Weights: [acme-7b](https://huggingface.co/acme/acme-7b).\n"


def weights_ids(report: Report) -> set[str]:
    return {i.id for i in report.licenses if "weights" in i.governs}


def test_a_licence_linked_outside_the_tree_beside_the_licence_file_governs_too(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## License\n\nAnyone using the Acme model must follow both [MIT](LICENSE) and "
        "the [CC BY-NC 4.0 terms](https://creativecommons.org/licenses/by-nc/4.0/).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert "CC-BY-NC-4.0" in weights_ids(report)
    assert report.tier == "open-access"


def test_the_files_own_licence_linked_beside_it_is_no_second_licence(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## License\n\nThe Acme model is released under the [MIT License](LICENSE) "
        "([full text](https://opensource.org/licenses/MIT)).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.tier == "open-weight"
    assert [(i.path, i.id) for i in report.licenses] == [("LICENSE", "MIT")]


def test_a_model_named_by_its_size_or_checkpoint_file_is_the_weights(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## Download\n\n- `acme-22B-v0.1.tar` has a custom licence, the "
        "[CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/) one.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert "CC-BY-NC-4.0" in weights_ids(report)
    assert report.tier == "open-access"
    # The same words about a demo application name no model: they are not the weights' terms.
    near = readme.replace("`acme-22B-v0.1.tar`", "The web demo")
    assert scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n"))).tier == "open-weight"


def test_catalogued_model_licences_named_in_prose() -> None:
    assert names.names_in("It has a custom licence, the Mistral AI Non-Production (MNPL) License.") == [
        "LicenseRef-mistral-non-production-license"
    ]
    assert names.id_for_url("https://mistral.ai/licenses/MRL-0.1.md") == "LicenseRef-mistral-research-license"
    assert names.names_in("Use requires the Community License for Baichuan2 Model.") == [
        "LicenseRef-baichuan-community-license"
    ]
    assert {c for c, _, _ in names.verdict("LicenseRef-baichuan-community-license")} == {5, 6, 7}
    # "MRL" alone is also Matryoshka Representation Learning: no licence.
    assert names.names_in("Embeddings trained with MRL are released under the MIT license.") == ["MIT"]


def test_a_licence_file_that_only_points_at_a_catalogued_licence_is_that_licence(make_repo: Repo) -> None:
    pointer = "See the licence at https://creativecommons.org/licenses/by-nc/4.0/ for these weights.\n"
    report = scan(str(make_repo({"LICENSE": pointer, "README.md": "# Acme\n\n" + HF})))
    lic = next(i for i in report.licenses if i.path == "LICENSE")
    assert lic.id == "CC-BY-NC-4.0"
    assert any(f.path == "LICENSE" and f.clause == 6 and f.severity == "violation" for f in report.findings)
    assert report.tier == "open-access"
    # A short licence of its own that names no catalogued licence stays its own terms.
    own = "Acme Licence\n\nYou may use, copy and share these weights for any purpose.\n"
    report = scan(str(make_repo({"LICENSE": own, "README.md": "# Acme\n\n" + HF}, name="o")))
    assert next(i for i in report.licenses if i.path == "LICENSE").id != "CC-BY-NC-4.0"


def test_a_link_to_a_catalogued_models_licence_file_on_the_hub_names_its_licence(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## License\n\nThe code and weights are under the [MIT license](LICENSE).\n"
        "- Acme-Distill-8B is derived from a Llama base and stays under "
        "[its license](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert "LicenseRef-scancode-llama-3.1-license-2024" in weights_ids(report)
    assert report.tier == "open-access"
    # The licence file of a model no catalogue knows names nothing.
    near = readme.replace("meta-llama/Llama-3.1-8B", "acme/acme-base-8b")
    assert scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n"))).tier == "open-weight"


def test_llama_licences_named_without_a_space() -> None:
    assert names.names_in("originally licensed under the Llama3.1 license") == [
        "LicenseRef-scancode-llama-3.1-license-2024"
    ]


def test_the_licence_a_base_was_originally_released_under_is_history_not_these_terms(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\n" + HF + "\n## License\n\nThe code and weights are under the [MIT license](LICENSE).\n"
        "- Acme-Distill-8B is fine-tuned from a base that is originally licensed under the "
        "[Llama3.1 license](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme}, weights=True)))
    assert "LicenseRef-scancode-llama-3.1-license-2024" not in {i.id for i in report.licenses if i.path}


def test_a_model_licence_deep_in_the_tree_linked_from_its_doc_governs_the_weights(make_repo: Repo) -> None:
    doc = (
        "# Acme models\n\n| model | weights |\n|---|---|\n| acme-7b | [hf](https://huggingface.co/acme/acme-7b) |\n\n"
        "## License\n\nThe use of Acme model weights is subject to the [Model License](./MODEL_LICENSE.md).\n"
    )
    files = {
        "LICENSE": PERMISSIVE,
        "README.md": "# Acme toolkit\n\nSee [the models](projects/acme/README.md).\n",
        "projects/acme/README.md": doc,
        "projects/acme/MODEL_LICENSE.md": RESTRICTIVE,
    }
    report = scan(str(make_repo(files)))
    assert "projects/acme/MODEL_LICENSE.md" in {i.path for i in report.licenses if "weights" in i.governs}
    assert report.tier == "open-access"
    # The same file linked by nothing stays a file of that folder, not the weights' terms.
    files["projects/acme/README.md"] = doc.replace("[Model License](./MODEL_LICENSE.md)", "Model License")
    report = scan(str(make_repo(files, name="n")))
    assert "projects/acme/MODEL_LICENSE.md" not in {i.path for i in report.licenses}
