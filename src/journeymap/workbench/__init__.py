"""The one facade the CLI and the web app use: a workspace folder and what it holds.

A workspace folder contains ``journeymap.json`` (which workspace it is, how it was made),
``workspace.db`` (the SQLite workspace store, unless a database URL is given),
``analytics.duckdb`` (the analytic store) and ``data/`` (raw files such as the demo's).
"""

from journeymap.workbench.folder import (
    ANALYTICS_FILE,
    CONFIG_FILE,
    DATA_DIR,
    STORE_FILE,
    WorkspaceConfig,
    is_workspace,
    read_config,
)
from journeymap.workbench.session import Workbench, init_workspace

__all__ = [
    "ANALYTICS_FILE",
    "CONFIG_FILE",
    "DATA_DIR",
    "STORE_FILE",
    "Workbench",
    "WorkspaceConfig",
    "init_workspace",
    "is_workspace",
    "read_config",
]
