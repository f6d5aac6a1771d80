"""The ``journeymap`` command line: thin commands over :mod:`journeymap.workbench`.

Heavy modules (ibis, duckdb, sqlalchemy, pyarrow) are imported inside commands, never at
module level, so ``journeymap --help`` starts fast.
"""
