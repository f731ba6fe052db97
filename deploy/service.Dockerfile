# The katagrad service image: the API (`katagrad serve`) and the grading worker
# (`katagrad worker`) from one image; the command picks the role.
#
#   docker build -t katagrad:latest -f deploy/service.Dockerfile .     (podman build too)
#
# Stage 1 builds the browser UI, stage 2 the virtualenv (CPU torch), stage 3 is what runs.
# The API runs as the unprivileged user `katagrad`. A worker's sandbox needs more (user and
# mount namespaces, writable cgroups, seccomp): docs/deploy.md says what, and the compose
# file and Kubernetes manifests grant exactly that to the worker only.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim-bookworm AS venv
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /app
COPY pyproject.toml README.md ./
COPY katagrad/ katagrad/
COPY graders/ graders/
COPY sandbox/ sandbox/
COPY api/ api/
COPY cli/ cli/
# editable: settings find katas/ and web/dist/ beside the code, in /app
RUN /opt/venv/bin/pip install -e .

FROM python:3.11-slim-bookworm AS service
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap util-linux \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin katagrad
COPY --from=venv /opt/venv /opt/venv
COPY --from=venv /app /app
COPY katas/ /app/katas/
COPY --from=web /src/web/dist /app/web/dist
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 \
    KATAGRAD_DATA_DIR=/var/lib/katagrad KATAGRAD_HOST=0.0.0.0 KATAGRAD_ALLOW_REMOTE=1
RUN mkdir -p /var/lib/katagrad && chown katagrad: /var/lib/katagrad
WORKDIR /app
USER katagrad
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=3)"]
CMD ["katagrad", "serve"]
