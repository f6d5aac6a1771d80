"""CSRF: every unsafe request needs the token of its cookie and must not come from another site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth_support import app_for, make_workspace
from conftest import CSRF_TEST_TOKEN
from journeymap.web import csrf

API = "/api/v1"
TEMPLATES = Path(csrf.__file__).parent / "templates"
STAGE = {"id": "loyalty", "name": "Loyalty"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A local-mode app (no login) whose client sends no CSRF token by itself."""
    with TestClient(app_for(make_workspace(tmp_path))) as test_client:
        test_client.cookies.delete("jm_csrf")
        del test_client.headers["X-CSRF-Token"]
        yield test_client


def with_token(client: TestClient, token: str = CSRF_TEST_TOKEN) -> TestClient:
    client.cookies.set("jm_csrf", token)
    return client


def refused(answer: object, api: bool = True) -> None:
    assert getattr(answer, "status_code") == 403  # noqa: B009
    if api:
        error = getattr(answer, "json")()["error"]  # noqa: B009
        assert error["code"] == "forbidden"
        assert error["hint"] == (
            "reload the page and try again (the form was older than your session)")


def test_an_api_edit_without_a_token_is_refused_even_in_local_mode(client: TestClient) -> None:
    answer = client.post(f"{API}/maps/retail/stages", json=STAGE)
    refused(answer)
    assert answer.json()["error"]["message"] == (
        "request refused: missing or wrong CSRF token (X-CSRF-Token)")
    assert client.get(f"{API}/maps/retail/stages/loyalty").status_code == 404


def test_a_header_that_does_not_match_the_cookie_is_refused(client: TestClient) -> None:
    with_token(client)
    refused(client.post(f"{API}/maps/retail/stages", json=STAGE,
                        headers={"X-CSRF-Token": "x" * 43}))
    # The header alone (no cookie) proves nothing either.
    client.cookies.delete("jm_csrf")
    refused(client.post(f"{API}/maps/retail/stages", json=STAGE,
                        headers={"X-CSRF-Token": CSRF_TEST_TOKEN}))


@pytest.mark.parametrize(("method", "path"), [
    ("PATCH", "/maps/retail/stages/awareness"), ("DELETE", "/maps/retail/stages/awareness"),
    ("PUT", "/members/anna@example.com"),
])
def test_every_unsafe_method_is_checked(client: TestClient, method: str, path: str) -> None:
    refused(client.request(method, f"{API}{path}", json={"name": "x", "role": "viewer"},
                           headers={"If-Match": "1"}))


def test_the_right_token_passes(client: TestClient) -> None:
    with_token(client)
    answer = client.post(f"{API}/maps/retail/stages", json=STAGE,
                         headers={"X-CSRF-Token": CSRF_TEST_TOKEN})
    assert answer.status_code == 201


def test_a_form_sends_the_token_as_a_field(client: TestClient) -> None:
    with_token(client)
    good = client.post("/maps/retail/ui/stages", data={"name": "Loyalty",
                                                        "csrf_token": CSRF_TEST_TOKEN})
    assert good.status_code == 200 and "Loyalty" in good.text
    bad = client.post("/maps/retail/ui/stages", data={"name": "Again", "csrf_token": "nope"})
    refused(bad, api=False)
    assert "text/html" in bad.headers["content-type"] and "CSRF token" in bad.text


def test_an_upload_is_checked_too(client: TestClient) -> None:
    with_token(client)
    files = {"file": ("events.csv", b"customer_id,timestamp,event\n1,2024-01-01,x\n")}
    refused(client.post(f"{API}/imports/preview", files=files, data={"kind": "events"}))
    passed = client.post(f"{API}/imports/preview", files=files,
                         data={"kind": "events", "csrf_token": CSRF_TEST_TOKEN})
    assert passed.status_code != 403


@pytest.mark.parametrize(("header", "value"), [
    ("Origin", "http://evil.test"), ("Origin", "null"), ("Referer", "http://evil.test/page"),
    ("Origin", "http://testserver:8080"),
])
def test_another_site_is_refused_even_with_the_token(client: TestClient, header: str,
                                                     value: str) -> None:
    with_token(client)
    answer = client.post(f"{API}/maps/retail/stages", json=STAGE,
                         headers={"X-CSRF-Token": CSRF_TEST_TOKEN, header: value})
    refused(answer)
    assert answer.json()["error"]["message"] == "request refused: it comes from another site"


@pytest.mark.parametrize(("header", "value"), [
    ("Origin", "http://testserver"), ("Referer", "http://testserver/maps/retail"),
    ("Origin", "https://testserver"),  # behind an https proxy the app may see plain http
])
def test_this_site_passes(client: TestClient, header: str, value: str) -> None:
    with_token(client)
    answer = client.post(f"{API}/maps/retail/stages", json=STAGE,
                         headers={"X-CSRF-Token": CSRF_TEST_TOKEN, header: value})
    assert answer.status_code == 201


def test_reading_is_never_checked(client: TestClient) -> None:
    assert client.get(f"{API}/workspace", headers={"Origin": "http://evil.test"}).status_code == 200


def test_a_page_hands_out_the_token_in_a_strict_cookie(client: TestClient) -> None:
    page = client.get("/maps/retail")
    cookie = SimpleCookie(page.headers["set-cookie"])["jm_csrf"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert cookie["secure"] == ""
    token = cookie.value
    assert len(token) == 43
    assert f'<meta name="csrf-token" content="{token}">' in page.text
    inputs = re.findall(r'<input type="hidden" name="csrf_token" value="([^"]*)">', page.text)
    assert inputs and set(inputs) == {token}
    again = client.get("/maps/retail")  # the cookie is kept, not renewed on every page
    assert "jm_csrf" not in again.headers.get("set-cookie", "")
    assert f'content="{token}"' in again.text


def test_a_malformed_cookie_is_replaced(client: TestClient) -> None:
    client.cookies.set("jm_csrf", "short")
    page = client.get("/")
    assert len(SimpleCookie(page.headers["set-cookie"])["jm_csrf"].value) == 43


def test_the_token_cookie_is_secure_over_https(tmp_path: Path) -> None:
    app = app_for(make_workspace(tmp_path))
    with TestClient(app, base_url="https://testserver") as https:
        https.cookies.delete("jm_csrf")
        cookie = SimpleCookie(https.get("/").headers["set-cookie"])["jm_csrf"]
        assert cookie["secure"] is True


def post_forms(text: str) -> list[str]:
    """Each ``<form method=post>`` of a template, from its tag to its end."""
    return [m.group(0) for m in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.S | re.I)
            if re.search(r'method\s*=\s*"?post', m.group(0).split(">", 1)[0], re.I)]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_every_post_form_carries_the_token(template: str) -> None:
    for form in post_forms((TEMPLATES / template).read_text(encoding="utf-8")):
        assert re.search(r"\{\{\s*csrf_input\((request)?\)\s*\}\}", form), (
            f"{template}: a POST form without {{{{ csrf_input(request) }}}}:\n{form[:300]}")


def test_the_form_scan_finds_a_form_without_the_token() -> None:
    assert post_forms('<form method="post" action="/x"><input name="a"></form>') != []
    assert post_forms('<form method="get" action="/x"></form>') == []


def test_htmx_requests_send_the_header() -> None:
    script = (TEMPLATES.parent / "static" / "csrf.js").read_text(encoding="utf-8")
    assert "htmx:configRequest" in script and '"X-CSRF-Token"' in script
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert '<script src="/static/csrf.js" defer></script>' in base
