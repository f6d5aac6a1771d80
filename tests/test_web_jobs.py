"""Discover personas as a background job from the page: the status fragment htmx polls,
the page a plain form is sent to, failures, one run at a time, roles, GET /api/v1/jobs/{id}.

The discovery is replaced by a fake held at a gate, so every state is seen for sure."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from auth_support import (
    EDITOR,
    VIEWER,
    add_people,
    app_for,
    make_workspace,
    sign_in,
    use_fast_hashing,
)
from journeymap.errors import InputError
from journeymap.web import create_app
from journeymap.workbench.jobs import Jobs

API = "/api/v1"
HTMX = {"HX-Request": "true"}
WAIT = 5.0


class FakeDiscovery:
    """Stands in for ``discover_personas``: waits at a gate, then answers or raises."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls = 0
        self.error: Exception | None = None
        self.language = ""

    def __call__(self, bench: Any, *, spec: Any, save: bool, language: str = "en") -> Any:
        self.calls += 1
        self.language = language
        assert self.gate.wait(WAIT)
        if self.error is not None:
            raise self.error
        return SimpleNamespace(run=SimpleNamespace(clustering=SimpleNamespace(k=spec.k or 5)),
                               added=("cluster-1", "cluster-2"), kept=("cluster-3",),
                               removed=())


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeDiscovery:
    found = FakeDiscovery()
    monkeypatch.setattr("journeymap.web.personas.discover_personas", found)
    return found


@pytest.fixture
def client(tmp_path: Path, fake: FakeDiscovery) -> Iterator[TestClient]:
    with TestClient(create_app(make_workspace(tmp_path)),
                    headers={"Accept-Language": "en"}) as test_client:
        yield test_client
        fake.gate.set()  # a test that failed half-way must not leave a thread waiting


def jobs_of(client: TestClient) -> Jobs:
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    assert isinstance(jobs, Jobs)
    return jobs


def job_id(html: str) -> str:
    found = re.search(r'data-job="([0-9a-f]+)"', html)
    assert found, html
    return found.group(1)


def test_htmx_start_polls_then_reloads_the_page_with_the_result(
        client: TestClient, fake: FakeDiscovery) -> None:
    answer = client.post("/personas/discover", data={"k": "4", "seed": "1"}, headers=HTMX)
    assert answer.status_code == 202
    ident = job_id(answer.text)
    me = client.get(f"{API}/jobs/{ident}").json()["started_by"]  # the computer's user
    assert f"Finding personas... started 0 s ago by {me}." in answer.text
    assert f'hx-get="/jobs/{ident}" hx-trigger="every 1s"' in answer.text
    polled = client.get(f"/jobs/{ident}", headers=HTMX)
    assert polled.status_code == 200 and "HX-Redirect" not in polled.headers
    assert 'data-state="running"' in polled.text and "hx-get" in polled.text
    fake.gate.set()
    jobs_of(client).join(ident, WAIT)
    done = client.get(f"/jobs/{ident}", headers=HTMX)
    assert done.headers["HX-Redirect"] == f"/personas?job={ident}"
    assert "Personas found: 4." in done.text and "hx-get" not in done.text
    assert fake.language == "en"  # the starter's language names the personas
    page = client.get(f"/personas?job={ident}").text
    assert "Personas found: 4. Personas discovered: 2 new, 1 kept, 0 removed." in re.sub(
        r"\s+", " ", page)
    assert 'hx-get="/jobs/' not in page
    assert client.get(f"{API}/jobs/{ident}").json() | {"started_at": "", "finished_at": ""} == {
        "id": ident, "kind": "discover_personas", "workspace": "acme", "scope": "",
        "started_by": me, "started_at": "", "finished_at": "", "state": "done",
        "summary": {"personas": 4, "added": 2, "kept": 1, "removed": 0}, "error": None}


def test_a_plain_form_goes_to_the_page_that_reloads_itself(
        client: TestClient, fake: FakeDiscovery) -> None:
    answer = client.post("/personas/discover", data={"k": ""}, follow_redirects=False)
    assert answer.status_code == 303
    ident = answer.headers["location"].removeprefix("/personas?job=")
    page = client.get(answer.headers["location"]).text
    assert (f'<noscript><meta http-equiv="refresh" content="2; url=/personas?job={ident}">'
            '</noscript>') in page
    assert f'<a href="/personas?job={ident}">Reload</a>' in page
    plain = client.get(f"/jobs/{ident}", follow_redirects=False)
    assert (plain.status_code, plain.headers["location"]) == (303, f"/personas?job={ident}")
    assert 'data-state="running"' in client.get("/personas").text  # shown to anyone coming in
    fake.gate.set()
    jobs_of(client).join(ident, WAIT)
    assert "Personas found: 5." in client.get(f"/personas?job={ident}").text
    assert "job-status" in client.get("/personas").text and "data-job" not in client.get(
        "/personas").text


def test_a_second_submit_shows_the_running_job(client: TestClient, fake: FakeDiscovery) -> None:
    first = job_id(client.post("/personas/discover", data={"k": "3"}, headers=HTMX).text)
    second = client.post("/personas/discover", data={"k": "6"}, headers=HTMX)
    assert job_id(second.text) == first
    plain = client.post("/personas/discover", data={}, follow_redirects=False)
    assert plain.headers["location"] == f"/personas?job={first}"
    fake.gate.set()
    assert jobs_of(client).join(first, WAIT).summary["personas"] == 3
    assert fake.calls == 1


def test_a_failing_job_shows_its_error(client: TestClient, fake: FakeDiscovery) -> None:
    fake.error = InputError("the workspace has no events <yet>", hint="import them first")
    fake.gate.set()
    ident = job_id(client.post("/personas/discover", data={}, headers=HTMX).text)
    jobs_of(client).join(ident, WAIT)
    polled = client.get(f"/jobs/{ident}", headers=HTMX)
    assert "HX-Redirect" not in polled.headers and "hx-get" not in polled.text
    html = polled.text
    assert "Finding personas failed." in html
    assert "the workspace has no events &lt;yet&gt; (import them first)" in html
    assert client.get(f"{API}/jobs/{ident}").json()["state"] == "failed"


def test_a_defect_shows_a_generic_failure(client: TestClient, fake: FakeDiscovery) -> None:
    fake.error = RuntimeError("Traceback: /srv/secret")
    fake.gate.set()
    ident = job_id(client.post("/personas/discover", data={}, headers=HTMX).text)
    jobs_of(client).join(ident, WAIT)
    html = client.get(f"/personas?job={ident}").text
    assert "Something went wrong on the server; the error has been logged." in html
    assert "secret" not in html


def test_bad_input_is_refused_before_any_job(client: TestClient, fake: FakeDiscovery) -> None:
    answer = client.post("/personas/discover", data={"k": "x"}, headers=HTMX)
    assert answer.status_code == 422
    assert "k: &#39;x&#39; is not a number (leave it empty or give 2-20)" in answer.text
    assert client.post("/personas/discover", data={"k": "1"}).status_code == 422
    assert fake.calls == 0


def test_unknown_jobs(client: TestClient) -> None:
    assert client.get(f"{API}/jobs/nope").json()["error"]["code"] == "not_found"
    assert client.get("/jobs/nope").status_code == 404
    polled = client.get("/jobs/nope", headers=HTMX)  # polled across a restart
    assert polled.status_code == 200 and "That run is no longer known" in polled.text
    assert "hx-get" not in polled.text
    assert "That run is no longer known" in client.get("/personas?job=nope").text


def test_starting_needs_an_editor_and_the_status_a_viewer(
        tmp_path: Path, fake: FakeDiscovery, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)
    app = app_for(make_workspace(tmp_path))
    add_people(app.state.bench)
    with TestClient(app, headers={"Accept-Language": "en"}) as team:
        sign_in(team, VIEWER)
        assert team.post("/personas/discover", data={}, headers=HTMX).status_code == 403
        sign_in(team, EDITOR)
        answer = team.post("/personas/discover", data={}, headers=HTMX)
        ident = job_id(answer.text)
        started_by = team.get(f"{API}/jobs/{ident}").json()["started_by"]
        assert f"by {started_by}." in answer.text and started_by != "local"
        sign_in(team, VIEWER)
        assert team.get(f"/jobs/{ident}", headers=HTMX).status_code == 200
        assert team.get(f"{API}/jobs/{ident}").status_code == 200
        fake.gate.set()
        jobs_of(team).join(ident, WAIT)


def test_who_started_it_is_escaped(client: TestClient, fake: FakeDiscovery,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("journeymap.web.jobs.author", lambda request: "<b>Eve</b>")
    answer = client.post("/personas/discover", data={}, headers=HTMX)
    assert "by &lt;b&gt;Eve&lt;/b&gt;." in answer.text and "<b>Eve" not in answer.text
    fake.gate.set()
    jobs_of(client).join(job_id(answer.text), WAIT)
