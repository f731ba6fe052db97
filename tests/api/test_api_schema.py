"""Schemathesis fuzzes every operation in the OpenAPI schema of a real server: no 5xx, ever."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from tests.api.conftest import Server


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = Server(tmp_path_factory.mktemp("fuzz"), KATAGRAD_WORKERS="1")
    server.start()
    try:
        yield schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    finally:
        server.stop()


def test_no_input_gets_a_server_error(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation, mode in itertools.product(operations, list(GenerationMode)):

        @given(case=operation.as_strategy(generation_mode=mode))  # valid and invalid inputs
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def fuzz(case: Any) -> None:
            response = case.call(timeout=60)
            where = (case.method, case.formatted_path)
            assert response.status_code < 500, (where, response.text[:500])
            if response.status_code >= 400:
                assert response.headers["content-type"] == ["application/problem+json"], where
                assert "Traceback" not in response.text

        try:
            fuzz()
        except Unsatisfiable:  # an operation without parameters has no invalid inputs
            assert mode is GenerationMode.NEGATIVE
