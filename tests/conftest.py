"""Shared fixtures. Services (PostgreSQL, Spark, Chromium) are real; when one is missing a
test skips locally, but fails when ``JOURNEYMAP_REQUIRE_SERVICES=1`` (set by ``.ci/run``)."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytest_plugins = ["conftest_browser"]

POSTGRES_URL = os.environ.get(
    "JOURNEYMAP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def services_required() -> bool:
    return os.environ.get("JOURNEYMAP_REQUIRE_SERVICES") == "1"


def missing_service(what: str) -> None:
    """Skip (locally) or fail (in CI) because a real service is not available."""
    message = f"{what} is not available"
    if services_required():
        pytest.fail(message + " and JOURNEYMAP_REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # any driver/connection failure means "no server"
        missing_service(f"PostgreSQL at {POSTGRES_URL} ({type(exc).__name__})")
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A URL whose connections live in a fresh, empty schema, dropped afterwards."""
    import sqlalchemy as sa

    schema = f"jm_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(postgres_server_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    sep = "&" if "?" in postgres_server_url else "?"
    yield f"{postgres_server_url}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'drop schema "{schema}" cascade'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """Every store test runs on SQLite and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/workspace.db"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    """A store holding ``builders.rich_document()`` (workspace ``acme``)."""
    from builders import rich_document
    from journeymap.store import Store

    with Store.open(store_url) as opened:
        opened.save_document(rich_document())
        yield opened


@pytest.fixture
def con() -> Iterator[Any]:
    """A fresh in-memory DuckDB engine backend, disconnected afterwards."""
    from journeymap.engine import connect

    backend = connect()
    yield backend
    backend.disconnect()


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test run: Spark is slow to start."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing_service("Spark (pyspark is not installed)")
    if shutil.which("java") is None:
        missing_service("Spark (no Java runtime)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("journeymap-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    from journeymap.engine import connect_spark

    yield connect_spark(session)
    session.stop()


#: The CSRF token every TestClient sends (web/csrf.py: a 43-character token_urlsafe(32)).
CSRF_TEST_TOKEN = "test-csrf-token-".ljust(43, "x")


def send_csrf_token(client: Any, token: str = CSRF_TEST_TOKEN) -> Any:
    """Make ``client`` send the CSRF cookie and the matching header, as a page would."""
    client.cookies.delete("jm_csrf")  # also the one the server set (it renews it on sign-in)
    client.cookies.set("jm_csrf", token)
    client.headers["X-CSRF-Token"] = token
    return client


@pytest.fixture(scope="session", autouse=True)
def _test_clients_send_the_csrf_token() -> Iterator[None]:
    """Every TestClient sends the CSRF token like the app's pages and htmx do (web/csrf.py);
    tests of the CSRF check itself take it away again (tests/test_web_csrf.py)."""
    from starlette.testclient import TestClient

    original = TestClient.__init__

    def init(self: TestClient, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        send_csrf_token(self)

    TestClient.__init__ = init  # type: ignore[method-assign]
    yield
    TestClient.__init__ = original  # type: ignore[method-assign]
