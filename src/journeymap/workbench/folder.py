"""The workspace folder: its marker file and the places of its stores."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from journeymap.errors import WorkspaceError
from journeymap.layout import ANALYTICS_FILE, CONFIG_FILE, DATA_DIR, STORE_FILE
from journeymap.model.base import ID_PATTERN

__all__ = ["ANALYTICS_FILE", "CONFIG_FILE", "DATA_DIR", "STORE_FILE", "WorkspaceConfig",
           "is_workspace", "read_config", "slug", "write_config"]



@dataclass(frozen=True)
class WorkspaceConfig:
    """What ``journeymap.json`` holds. No secrets: a database URL comes from the environment."""

    workspace: str
    format: int = 1
    demo: dict[str, Any] = field(default_factory=dict)


def is_workspace(path: Path) -> bool:
    return (path / CONFIG_FILE).is_file()


def read_config(path: Path) -> WorkspaceConfig:
    marker = path / CONFIG_FILE
    if not marker.is_file():
        raise WorkspaceError(
            f"{path} is not a journeymap workspace (no {CONFIG_FILE})",
            hint=f"run `journeymap init {path}` or pass --workspace DIR",
        )
    try:
        raw = json.loads(marker.read_text(encoding="utf-8"))
        config = WorkspaceConfig(
            workspace=str(raw["workspace"]), format=int(raw.get("format", 1)),
            demo=dict(raw.get("demo") or {}),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(f"{marker}: not a valid workspace marker ({exc})") from exc
    if not re.match(ID_PATTERN, config.workspace):
        raise WorkspaceError(f"{marker}: workspace id {config.workspace!r} is not a valid id")
    return config


def write_config(path: Path, config: WorkspaceConfig) -> None:
    path.mkdir(parents=True, exist_ok=True)
    tmp = path / (CONFIG_FILE + ".part")
    tmp.write_text(json.dumps(asdict(config), indent=2) + "\n", encoding="utf-8")
    tmp.replace(path / CONFIG_FILE)


def slug(text: str) -> str:
    """A valid id from a folder or company name (``Acme Sp. z o.o.`` -> ``acme-sp-z-o-o``)."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:60] or "workspace"
