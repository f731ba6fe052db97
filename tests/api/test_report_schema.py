"""The report's API schema matches the dataclasses that write it, and the front end's types
match the OpenAPI document (web/src/api-types.ts is generated, never edited by hand)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.main import create_app
from api.schemas import CapturedOutputOut, CheckResultOut, ReportOut
from graders.report import REPORT_VERSION, CapturedOutput, CheckResult, Outcome, Report, Status
from katagrad.settings import load_settings


def _report() -> Report:
    check = CheckResult("attention_batched", Status.FAIL, "weights differ", 0.0, 3.0,
                        {"bug": "scores not scaled", "max_abs_error": float("nan"),
                         "plot": {"kind": "line", "title": "t", "series": []}}, True, "d")
    return Report("attention-numpy", Outcome.GRADED, (check,), "", 0.31,
                  CapturedOutput("hi\n", "", False, 1024), "run")


def test_the_schema_has_exactly_the_fields_the_dataclasses_write() -> None:
    doc = _report().to_json()
    assert set(ReportOut.model_fields) == set(doc)
    assert set(CheckResultOut.model_fields) == set(doc["tests"][0])
    assert set(CheckResultOut.model_fields) == {f.name for f in dataclasses.fields(CheckResult)}
    assert set(CapturedOutputOut.model_fields) == {f.name for f in
                                                   dataclasses.fields(CapturedOutput)}
    assert ReportOut.model_fields["version"].annotation.__args__ == (REPORT_VERSION,)  # type: ignore[union-attr]
    parsed = ReportOut.model_validate(json.loads(json.dumps(doc, allow_nan=False)))
    assert parsed.model_dump(mode="json") == doc


def test_the_schema_refuses_a_report_it_does_not_describe() -> None:
    doc = _report().to_json()
    with pytest.raises(ValidationError):
        ReportOut.model_validate({**doc, "extra": 1})
    with pytest.raises(ValidationError):
        ReportOut.model_validate({**doc, "tests": [{**doc["tests"][0], "status": "passed"}]})


def test_openapi_describes_the_report(tmp_path: Path) -> None:
    schema = create_app(load_settings(data_dir=tmp_path)).openapi()
    components = schema["components"]["schemas"]
    report = components["SubmissionOut"]["properties"]["report"]
    assert {"$ref": "#/components/schemas/ReportOut"} in report["anyOf"]
    assert components["Status"]["enum"] == [s.value for s in Status]
    assert components["Outcome"]["enum"] == [o.value for o in Outcome]


def test_the_front_end_types_are_generated_from_the_current_schema() -> None:
    import scripts.api_types as types

    if not types.GENERATOR.exists() or shutil.which("node") is None:
        pytest.skip("web/node_modules is not installed (scripts/build-web.sh)")
    assert types.render() == types.TYPES.read_text(), (
        "web/src/api-types.ts is stale: run .venv/bin/python -m scripts.api_types")
