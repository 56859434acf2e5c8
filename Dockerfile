# Image of the `openwash` GitHub Action. The release workflow pushes it as
# ghcr.io/openwash/openwash:<version>, the image action.yml names, so runners pull it.
#
# The runner runs it as root with `--workdir /github/workspace`, the workspace and
# event mounted under /github: so no USER and no WORKDIR here, and the ENTRYPOINT is
# the action itself.
#
# Two stages from the same Debian base: the build stage installs the package into a
# virtual environment at /opt/openwash (needs pip and PyPI), bakes the SPDX licence
# index into the installed package (so nothing is indexed at container start) and
# byte-compiles everything; the final stage has Debian's python3 and that directory only.
# The venv's interpreter is a symlink to /usr/bin/python3, identical in both stages.

FROM debian:bookworm-slim AS build

ARG DEBIAN_FRONTEND=noninteractive
# Unpinned on purpose: Debian bookworm only ships security fixes for python3.11, and
# pinning exact Debian revisions breaks the build whenever one is superseded.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python3 -m venv /opt/openwash

# Only what the package build needs (see .dockerignore); LICENSE and NOTICE go into the
# package metadata.
COPY pyproject.toml README.md LICENSE NOTICE /tmp/openwash-src/
COPY src /tmp/openwash-src/src

# Install; bake the SPDX and LicenseDB indexes, the parsed YAML data (openwash/datafiles.py) and
# the compiled regular expressions and the dataclass and annotation code of a scan (openwash/regex_cache.py,
# openwash/codecache.py) into openwash/data/; drop pip and setuptools from the venv (not needed
# at run time); byte-compile with unchecked hashes so the .pyc files are used whatever the
# files' timestamps after COPY --from.
RUN /opt/openwash/bin/pip install --no-cache-dir /tmp/openwash-src \
 && /opt/openwash/bin/python -m openwash.licenses.spdx_index --build-into-package \
 && /opt/openwash/bin/python -m openwash.licenses.licensedb --build-into-package \
 && /opt/openwash/bin/python -m openwash.datafiles --build-into-package \
 && OPENWASH_CACHE_DIR=/tmp/openwash-cache /opt/openwash/bin/openwash scan /tmp/openwash-src >/dev/null \
 && mv /tmp/openwash-cache/regex-cache-*.marshal /tmp/openwash-cache/compiled-code-*.marshal "$(/opt/openwash/bin/python -c 'import openwash, os; print(os.path.dirname(openwash.__file__))')/data/" \
 && rm -rf /tmp/openwash-cache \
 && /opt/openwash/bin/pip uninstall -y pip setuptools \
 && rm -rf /tmp/openwash-src \
 && /opt/openwash/bin/python -m compileall -q -f -j 0 --invalidation-mode unchecked-hash /opt/openwash/lib \
 && /opt/openwash/bin/openwash --version


FROM debian:bookworm-slim

LABEL org.opencontainers.image.title="openwash" \
      org.opencontainers.image.description="How open is this AI model really? Openness tier and OSD clause findings for model repositories, as a GitHub Action." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"

ARG DEBIAN_FRONTEND=noninteractive
# See the build stage for why python3 is not pinned. Only the interpreter: no pip, no compilers.
# `apt-get clean` also drops the package caches (/var/cache/apt/*.bin, ~75 MB) that
# `apt-get update` writes where the base image has no docker-clean apt configuration.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /opt/openwash /opt/openwash

ENV PATH="/opt/openwash/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

ENTRYPOINT ["/opt/openwash/bin/openwash", "action"]
