#!/usr/bin/env bash
# Build the Docker/OCI backend's runner image from this machine's own Python runtime, for
# machines that reach no image registry (the production image comes from deploy/runner.Dockerfile).
#
#   scripts/build-runner-image.sh [IMAGE] [--with DIST]...   (default katagrad-runner:latest,
#                                                             --with numpy)
# ENGINE picks the CLI and its flags (default "podman"; "docker" works too): tests pass a
# podman with its own storage. The rootfs tar is written under $KATAGRAD_WORK (default
# /var/tmp/katagrad) and deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-katagrad-runner:latest}
shift || true
withs=("$@")
((${#withs[@]})) || withs=(--with numpy)
engine=${ENGINE:-podman}
work=${KATAGRAD_WORK:-/var/tmp/katagrad}
py=${PYTHON:-.venv/bin/python}
mkdir -p "$work"
tarball=$(mktemp "$work/runner-rootfs.XXXXXX.tar")
trap 'rm -f "$tarball"' EXIT
eval "$("$py" scripts/runner_rootfs.py "$tarball" "${withs[@]}" | sed -n 's/^\(python\|site\)=\(.*\)$/\1=\2/p')"
# shellcheck disable=SC2086  # ENGINE is a command line on purpose
$engine import \
  --change "LABEL katagrad.python=$python" \
  --change "LABEL katagrad.site-packages=$site" \
  --change "USER 65534:65534" \
  --change "WORKDIR /tmp" \
  --change "ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8" \
  --change "CMD [\"$python\", \"-I\", \"-B\", \"/box/lib/runner.py\", \"/box\"]" \
  "$tarball" "$image" >/dev/null
echo "built $image (python $python)"
