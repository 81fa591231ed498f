#!/usr/bin/env bash
# Installs the pinned Python tools the tests use: cfn-lint (CloudFormation), check-jsonschema (its
# vendored Compose Specification and GitHub workflow schemas), pytest, PyYAML. Idempotent: pip is
# not run when every pinned version is already installed for the same python3.
#
#   scripts/install-python-tools.sh
#
# Uses $PYTHON (default python3). On a Debian python3 marked externally managed (PEP 668) and
# outside a virtualenv, pip is allowed to install into it (this is a throwaway CI/dev machine or
# a build container; run inside a venv to keep the system interpreter untouched).
set -euo pipefail

PYTHON=${PYTHON:-python3}
PINS=(
  "cfn-lint==1.51.0"
  "check-jsonschema==0.39.0"
  "pytest==9.0.3"
  "PyYAML==6.0.3"
)

missing=$("$PYTHON" - "${PINS[@]}" <<'PY'
import sys
from importlib import metadata
for pin in sys.argv[1:]:
    name, version = pin.split("==")
    try:
        if metadata.version(name) != version:
            print(pin)
    except metadata.PackageNotFoundError:
        print(pin)
PY
)

if [[ -z "$missing" ]]; then
  echo "python tools: all present (${PINS[*]})"
  exit 0
fi

if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  echo "install-python-tools.sh: $PYTHON has no pip; run scripts/install-system-packages.sh build (python3-pip)" >&2
  exit 69
fi

extra=()
in_venv=$("$PYTHON" -c 'import sys; print(int(sys.prefix != sys.base_prefix))')
stdlib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
if [[ "$in_venv" == 0 && -f "$stdlib/EXTERNALLY-MANAGED" ]]; then
  extra+=(--break-system-packages)
fi

# shellcheck disable=SC2086 # one pin per line
echo "python tools: installing" $missing
# shellcheck disable=SC2086
"$PYTHON" -m pip install --quiet --disable-pip-version-check "${extra[@]}" $missing
