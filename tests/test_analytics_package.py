"""The journeymap.analytics package: every analysis by name, each module loaded on first use."""

from __future__ import annotations

import importlib
import subprocess
import sys

import journeymap.analytics as analytics


def test_every_exported_name_is_its_modules_own() -> None:
    for name in analytics.__all__:
        module = importlib.import_module(f"journeymap.analytics.{analytics._EXPORTS[name]}")
        assert getattr(analytics, name) is getattr(module, name), name
    assert sorted(analytics.__all__) == sorted(analytics._EXPORTS)


def test_an_analysis_named_like_its_module_stays_the_analysis() -> None:
    import journeymap.analytics.funnel
    import journeymap.analytics.paths
    from journeymap.analytics import funnel, paths

    assert callable(funnel) and callable(paths)
    assert journeymap.analytics.funnel is funnel
    assert sys.modules["journeymap.analytics.funnel"].funnel is funnel


def test_importing_one_analysis_loads_neither_the_others_nor_the_model() -> None:
    script = ("import sys\n"
              "from journeymap.analytics.funnel import funnel\n"
              "print(sorted(m for m in sys.modules if m.startswith('journeymap.')))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    loaded = done.stdout.strip()
    assert "journeymap.analytics.funnel" in loaded
    for other in ("journeymap.analytics.churn", "journeymap.analytics.touchpoints",
                  "journeymap.model"):
        assert other not in loaded, other


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        analytics.no_such_analysis  # noqa: B018
    except AttributeError as exc:
        assert "no_such_analysis" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("an unknown name was found")
