"""Ibis's SQL compilers, imported one at a time.

``ibis.backends.sql.compilers`` imports the compiler of every SQL dialect Ibis knows
(Athena, BigQuery, ClickHouse, ... twenty of them, each building its sqlglot tokenizer and
parser tables) as soon as any SQL backend loads: about 0.1 s of every ``journeymap analyze``
for the one or two compilers we use (DuckDB, PySpark). :func:`install` registers that package
with a module ``__getattr__`` instead, so ``sc.DuckDBCompiler`` or ``sc.duckdb`` imports its
own submodule on first use. The package's source names what each submodule exports, so a
new Ibis release that adds or moves a compiler is followed without a change here; if the
source cannot be read, nothing is installed and Ibis imports every compiler as before.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType

#: The Ibis package that imports every dialect's compiler.
PACKAGE = "ibis.backends.sql.compilers"
_EXPORT = re.compile(r"^from ibis\.backends\.sql\.compilers\.(\w+) import (\w+)\s*$", re.M)


def install() -> bool:
    """Register the lazy package; False when Ibis already imported it (or can't be read)."""
    if PACKAGE in sys.modules:
        return False
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        return False
    try:
        with open(spec.origin, encoding="utf-8") as source:
            exports = {name: submodule for submodule, name in _EXPORT.findall(source.read())}
    except OSError:
        return False
    if "DuckDBCompiler" not in exports:  # not the package layout this was written for
        return False
    module = importlib.util.module_from_spec(spec)
    module.__all__ = sorted(exports)  # type: ignore[attr-defined]
    setattr(module, "__getattr__", _loader(module, exports))  # noqa: B010  (a module hook)
    sys.modules[PACKAGE] = module
    parent = sys.modules.get(PACKAGE.rpartition(".")[0])
    if parent is not None:
        parent.compilers = module  # type: ignore[attr-defined]
    return True


def _loader(module: ModuleType, exports: dict[str, str]) -> Callable[[str], object]:
    def __getattr__(name: str) -> object:  # noqa: N807  (the module hook's own name)
        if name.startswith("__"):
            raise AttributeError(name)
        submodule = exports.get(name, name)
        try:
            found = importlib.import_module(f"{PACKAGE}.{submodule}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{PACKAGE}.{submodule}":
                raise
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}") from None
        value = found if submodule == name else getattr(found, name)
        setattr(module, name, value)
        return value

    return __getattr__
