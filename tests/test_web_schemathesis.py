"""Schemathesis against the OpenAPI document: no generated request gets a 5xx answer.

Runs in local mode (no login) with the CSRF token sent as a page would, so generated edits
reach the routes instead of stopping at the CSRF check. Deterministic (derandomized Hypothesis)
and bounded: a few examples per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings

from auth_support import make_workspace
from conftest import CSRF_TEST_TOKEN
from journeymap.web.app import create_app

EXAMPLES = 6


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = create_app(make_workspace(Path(tmp_path_factory.mktemp("schemathesis"))))
    with TestClient(app):  # runs the lifespan: the workbench is closed afterwards
        yield app


@pytest.fixture(scope="module")
def api_schema(api_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)


@pytest.fixture(scope="module")
def browser_like() -> Iterator[requests.Session]:
    """Sends the CSRF cookie and header, as the app's pages do."""
    session = requests.Session()
    session.headers["X-CSRF-Token"] = CSRF_TEST_TOKEN
    session.cookies.set("jm_csrf", CSRF_TEST_TOKEN)
    yield session
    session.close()


def operations(api_schema: Any) -> list[Any]:
    return [result.ok() for result in api_schema.get_all_operations()]


def test_no_generated_request_gets_a_server_error(api_schema: Any,
                                                  browser_like: requests.Session) -> None:
    found = operations(api_schema)
    assert len(found) >= 30  # every operation of the API, not an empty document
    failures: list[str] = []
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit,
                                                                    Phase.generate])
        def check(case: Any) -> None:
            where = f"{case.method} {case.formatted_path}"
            try:
                response = case.call(session=browser_like)
            except Exception as exc:  # the app raised: what a server answers with a 500
                failures.append(f"{where} raised {type(exc).__name__}: {str(exc)[:300]}")
                return
            if response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code}: {response.text[:300]}")
            elif response.status_code >= 400 and "json" in response.headers.get(
                    "content-type", ""):
                if set(response.json()) != {"error"}:  # the pinned error shape
                    failures.append(f"{where}: {response.text[:300]}")

        check()
    assert failures == []


def test_the_token_reaches_the_routes(api_app: FastAPI, browser_like: requests.Session) -> None:
    """Without this the test above would only ever meet the CSRF check's 403."""
    with TestClient(api_app) as client:
        answer = client.post("/api/v1/maps/retail/stages", json={"name": "Generated"})
    assert answer.status_code == 201
