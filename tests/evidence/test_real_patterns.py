"""Patterns found on real model repositories outside the development sets: how weights are
published and how the training data is described, each with a near miss."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE
from openwash.engine import scan
from openwash.evidence.card import parse_card
from openwash.evidence.prose import data_information

Repo = Callable[..., Path]

REGISTRY = (
    '"""Load a pretrained Acme recogniser."""\n\n'
    "_CHECKPOINTS = {\n"
    '    "small": "https://files.example.net/pub/acme/models/0f3a/small.pt",\n'
    '    "large": "https://files.example.net/pub/acme/models/9c1d/large.pt",\n'
    "}\n"
)


def test_a_package_that_downloads_its_own_checkpoints_publishes_weights(make_repo: Repo) -> None:
    readme = "# Acme\n\nA speech recogniser. `acme.load('small')` returns a ready model.\n"
    files = {"LICENSE": PERMISSIVE, "README.md": readme, "acme/__init__.py": REGISTRY}
    report = scan(str(make_repo(files)))
    assert report.components["weights"].present
    assert report.components["weights"].evidence[0] == "acme/__init__.py:4"
    assert report.tier == "open-weight"


def test_a_package_that_downloads_another_projects_checkpoint_publishes_nothing(make_repo: Repo) -> None:
    # A perceptual loss fetching someone else's network: the URL does not name this package.
    loss = 'VGG_URL = "https://files.example.net/pub/vision/models/vgg16-397923af.pth"\n'
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n\nImage tools.\n", "acme/losses.py": loss}
    report = scan(str(make_repo(files)))
    assert not report.model_found and not report.components["weights"].present
    # The same registry in a test folder is a fixture, not the package.
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n\nImage tools.\n", "tests/__init__.py": REGISTRY}
    assert not scan(str(make_repo(files, name="t"))).components["weights"].present


def test_we_train_on_names_the_training_data() -> None:
    card = parse_card(
        "README.md",
        "# Acme\n\n## Pretraining\n\n"
        "First we train on mostly web text: [acme-mix](https://huggingface.co/datasets/acme/acme-mix)\n",
    )
    assert [x.line for x in data_information([card])] == [5]
    # Users training on their own data describe no data the released model saw.
    near = parse_card(
        "README.md",
        "# Acme\n\n## Fine-tuning\n\nYou can train on your own data: [example](https://huggingface.co/datasets/x/y)\n",
    )
    assert data_information([near]) == []


def test_datasets_under_an_evaluation_section_are_benchmarks_not_the_models() -> None:
    body = (
        "## Datasets\n\nA good test set is [qa-pairs](https://huggingface.co/datasets/x/qa-pairs), "
        "12,000 question-answer pairs collected from a forum.\n"
    )
    card = parse_card("README.md", "# Acme\n\n# Evaluation\n\nHow to score Acme.\n\n" + body)
    assert data_information([card]) == []
    # The same section under the model's own training is its data.
    near = parse_card("README.md", "# Acme\n\n# Training\n\nHow Acme was made.\n\n" + body)
    assert [x.line for x in data_information([near])] == [9]
    # A fine-tuned model tells its own data under "Fine-tuning": that is its data too.
    tuned = parse_card("README.md", "# Acme\n\n# Fine-tuning\n\nAcme is a fine-tuned base model.\n\n" + body)
    assert [x.line for x in data_information([tuned])] == [9]


def test_the_model_s_own_pretraining_data_offered_for_download_is_data_information() -> None:
    table = (
        "We share the filtered captions as json files.\n\nSource | Filtered captions\n--- | ---\n"
        "CC12M+SBU | [json](https://files.example.net/acme/ccs_filtered.json)\n"
    )
    card = parse_card("README.md", "# Acme\n\n### Pre-training datasets download\n\n" + table)
    assert 9 in [x.line for x in data_information([card])]
    # A benchmark's download heading is no training data, whatever it names.
    near = parse_card("README.md", "# Acme\n\n### Benchmark datasets download\n\n" + table)
    assert data_information([near]) == []


def test_a_badge_named_license_is_no_licence_file(make_repo: Repo) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>license: Apache</text></svg>\n'
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n", "assets/license.svg": svg}
    report = scan(str(make_repo(files)))
    assert [i.path for i in report.licenses] == ["LICENSE"]
    # A licence file one level down with a text suffix still is one.
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n", "models/LICENSE.txt": PERMISSIVE}
    assert "models/LICENSE.txt" in [i.path for i in scan(str(make_repo(files, name="n"))).licenses]


def test_loading_a_tokenizer_publishes_no_weights(make_repo: Repo) -> None:
    readme = "# Acme trainer\n\nAny tokenizer that `Tokenizer.from_pretrained()` can load works.\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert not report.model_found
    near = readme + "\nLoad ours with `AutoModel.from_pretrained(path)`.\n"
    assert scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n"))).model_found


def test_a_command_given_a_checkpoint_url_publishes_it(make_repo: Repo) -> None:
    url = "https://files.example.net/acme/pretrained/acme-64x64.pkl"
    readme = f"# Acme\n\nSample images:\n\n```.bash\npython generate.py --outdir=out \\\\\n    --network={url}\n```\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.components["weights"].evidence == ("README.md:7",)
    # Example output that mentions the same URL fetches nothing.
    near = f"# Acme\n\nThe log reads:\n\n```\nLoaded network {url}\n```\n"
    assert not scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n"))).model_found


def test_a_training_command_in_the_readme_names_the_base(make_repo: Repo) -> None:
    readme = (
        "# Acme adapter\n\nOur [adapter weights](https://huggingface.co/acme/acme-adapter-7b) were trained with:\n\n"
        "```bash\npython finetune.py \\\\\n    --base_model 'someone/llama-7b-hf' \\\\\n    --data_path data.json\n```\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    inherited = [i for i in report.licenses if i.inherited_from]
    assert [i.id for i in inherited] == ["LicenseRef-scancode-llama-license-2023"]
    assert report.tier == "open-access"
    # The same argument to an inference command names the model served, not a base.
    near = readme.replace("finetune.py", "serve.py")
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": near}, name="n")))
    assert not [i for i in report.licenses if i.inherited_from]


def test_a_config_that_sets_a_training_run_is_training_code(make_repo: Repo) -> None:
    run = '{\n  "num-layers": 6,\n  "optimizer": {"type": "Adam"},\n  "lr": 0.001,\n  "train-iters": 143000,\n}\n'
    readme = "# Acme\n\n" + "Weights: [acme-70m](https://huggingface.co/acme/acme-70m).\n"
    report = scan(
        str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme, "models/70M/acme-70m.yml": run}))
    )
    assert "models/70M/acme-70m.yml" in report.components["code"].evidence
    # A model's shape is no training run; nor is an evaluation's output that echoes its settings.
    shape = '{\n  "num-layers": 6,\n  "hidden-size": 512,\n  "seq-length": 2048\n}\n'
    files = {"LICENSE": PERMISSIVE, "README.md": readme, "models/70M/acme-70m.yml": shape}
    files["evals/acme-70m_results.json"] = run
    files["checkpoint-500/trainer_state.json"] = run
    evidence = scan(str(make_repo(files, name="n"))).components["code"].evidence
    assert not any(e.endswith((".yml", ".json")) for e in evidence)


def test_a_download_script_that_assembles_checkpoint_urls_publishes_weights(make_repo: Repo) -> None:
    script = (
        "import sys\nimport requests\n\nsize = sys.argv[1]\n"
        "for name in ['hparams.json', 'model.ckpt.index', 'model.ckpt.meta']:\n"
        "    r = requests.get('https://files.example.net/acme/' + size + '/' + name)\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n", "download_model.py": script}
    report = scan(str(make_repo(files)))
    assert report.components["weights"].evidence == ("download_model.py:6",)
    # The same script fetching a corpus names no checkpoint: no weights.
    data = script.replace("'model.ckpt.index', 'model.ckpt.meta'", "'train.jsonl', 'valid.jsonl'")
    files["download_model.py"] = data
    assert not scan(str(make_repo(files, name="n"))).model_found
