"""Ibis's SQL compilers imported one at a time (journeymap.engine.compilers)."""

from __future__ import annotations

import subprocess
import sys

import ibis

from journeymap.engine import compilers


def run_python(script: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_duckdb_connection_imports_the_duckdb_compiler_alone() -> None:
    found = run_python(
        "import sys\n"
        "from journeymap import engine\n"
        "engine.connect_duckdb().con.execute('SELECT 1')\n"
        "print(sorted(m.rpartition('.')[2] for m in sys.modules\n"
        "             if m.startswith('ibis.backends.sql.compilers.')))\n"
    )
    assert found == ["['_compat', 'base', 'duckdb']"]


def test_other_compilers_load_when_asked_for() -> None:
    # by class (a backend's own import), by dialect name (ibis.to_sql), and as a module
    found = run_python(
        "import ibis\n"
        "from journeymap import engine\n"
        "from ibis.backends.sql.compilers import PySparkCompiler\n"
        "import ibis.backends.sql.compilers as sc\n"
        "t = ibis.table({'a': 'int64'}, name='t')\n"
        "print(PySparkCompiler.__name__, type(sc.postgres.compiler).__name__)\n"
        "print(ibis.to_sql(t.filter(t.a > 1), dialect='trino').split()[0])\n"
        "print(sorted(sc.__all__) == sorted(n for n in sc.__all__ if getattr(sc, n)))\n"
    )
    assert found == ["PySparkCompiler PostgresCompiler", "SELECT", "True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import ibis.backends.sql.compilers as sc

    try:
        sc.NoSuchCompiler  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchCompiler" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("an unknown compiler was found")


def test_install_leaves_an_imported_package_alone() -> None:
    # this process imported journeymap.engine, which installed the package already
    assert compilers.install() is False
    expr = ibis.table({"a": "int64"}, name="t").a.sum()
    assert "SUM" in ibis.to_sql(expr, dialect="duckdb").upper()
