# The runner image for the Docker/OCI backend (KATAGRAD_SANDBOX=docker).
#
#   docker build -t katagrad-runner:latest -f deploy/runner.Dockerfile deploy   (podman too)
#
# It holds an interpreter, numpy, CPU torch and matplotlib (a scratch run's figures), nothing of katagrad itself: each run brings
# the runner, the submission and its inputs as a tar into a fresh container, so the image
# changes only when the runtime does. No shell is needed at run time; the backend starts
# python directly as uid 65534 with a read-only root and no network.
# Where no registry is reachable, scripts/build-runner-image.sh builds an equivalent image
# from the host's own Python runtime instead.
FROM python:3.11-slim-bookworm

# /box/out belongs to the sandbox user: each run's fresh volume copies this folder's owner.
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN pip install "numpy>=1.26,<3" "matplotlib>=3.8" \
 && pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
 && find /usr/local/lib/python3.11/site-packages -depth -type d \
      \( -name tests -path '*numpy*' -o -name include -path '*torch/include' \) \
      -exec rm -rf {} + \
 && python -c "import compileall, sys; compileall.compile_dir('/usr/local/lib/python3.11', quiet=1)" \
 && rm -rf /usr/local/lib/python3.11/ensurepip /usr/local/lib/python3.11/idlelib \
      /usr/local/lib/python3.11/tkinter /usr/local/lib/python3.11/turtledemo \
 && mkdir -p /box/lib /box/code /box/in /box/out \
 && chown 65534:65534 /box/out && chmod 0700 /box/out

LABEL katagrad.python=/usr/local/bin/python3 \
      katagrad.site-packages=/usr/local/lib/python3.11/site-packages
USER 65534:65534
WORKDIR /tmp
CMD ["/usr/local/bin/python3", "-I", "-B", "/box/lib/runner.py", "/box"]
