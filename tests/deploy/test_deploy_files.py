"""The deployment files, checked offline: they parse, and every command, path, metric and
setting they name exists in this checkout."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.main import get_command

from api.main import create_app
from api.metrics import Metrics
from cli.main import app as cli_app
from katagrad.settings import ROOT, Settings

DEPLOY = ROOT / "deploy"
MANIFESTS = sorted((DEPLOY / "k8s").glob("*.yaml"))


def katagrad_commands() -> set[str]:
    return set(get_command(cli_app).commands)  # type: ignore[attr-defined]


def load_all(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])


def check_command(argv: list[str]) -> None:
    assert argv[0] == "katagrad", argv
    assert argv[1] in katagrad_commands(), f"`katagrad {argv[1]}` does not exist"


def check_settings(names: list[str]) -> None:
    for name in names:
        if name.startswith("KATAGRAD_"):
            field = name.removeprefix("KATAGRAD_").lower()
            assert field in Settings.model_fields, f"{name} is not a setting"


def test_compose_file_parses_and_names_real_commands_and_settings() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "api", "worker"} <= set(services)
    for name in ("api", "worker"):
        check_command(services[name]["command"])
        check_settings(list(services[name]["environment"]))
    assert services["api"]["environment"]["KATAGRAD_WORKERS"] == "0"
    build = services["api"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve().is_file()
    assert services["worker"]["command"] == ["katagrad", "worker"]
    assert "SYS_ADMIN" in services["worker"]["cap_add"]  # the privileges are spelled out


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_parses_and_names_real_commands(path: Path) -> None:
    docs = load_all(path)
    assert docs
    for doc in docs:
        assert {"apiVersion", "kind", "metadata"} <= set(doc)
        for c in containers(doc):
            check_command(c["command"])
            check_settings([e["name"] for e in c.get("env", [])])


def test_api_readiness_probe_and_hpa_metric_exist() -> None:
    (api,) = [d for d in load_all(DEPLOY / "k8s" / "api.yaml") if d["kind"] == "Deployment"]
    probe = containers(api)[0]["readinessProbe"]["httpGet"]["path"]
    assert probe in create_app(Settings()).openapi()["paths"]
    (hpa,) = load_all(DEPLOY / "k8s" / "hpa.yaml")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "katagrad-worker"
    metric = hpa["spec"]["metrics"][0]["external"]["metric"]["name"]
    names = {m.name for m in Metrics(lambda: {}, lambda: 0).registry.collect()}
    assert metric in names
    (worker,) = load_all(DEPLOY / "k8s" / "worker.yaml")
    ctx = containers(worker)[0]["securityContext"]
    assert ctx["privileged"] is True and ctx["seccompProfile"]["type"] == "Unconfined"


def test_service_dockerfile_stages_copy_what_exists_and_run_real_commands() -> None:
    text = (DEPLOY / "service.Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", text, re.M)
    assert stages == ["web", "venv", "service"]
    for src in re.findall(r"^COPY (?!--from)(.+?) \S+$", text, re.M):
        for part in shlex.split(src):
            assert (ROOT / part).exists(), f"COPY {part}: not in the checkout"
    cmd = re.search(r'^CMD (\[.*\])$', text, re.M)
    assert cmd is not None
    check_command(yaml.safe_load(cmd.group(1)))
    runner = (DEPLOY / "runner.Dockerfile").read_text()
    assert "katagrad.site-packages" in runner  # the runner image kept as it was
