"""Open a workspace folder and work with its store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from journeymap.errors import InputError, NotFoundError, WorkspaceError
from journeymap.model import JourneyMap, MapSnapshot, MapVariant, Workspace, WorkspaceDocument
from journeymap.workbench.folder import (
    ANALYTICS_FILE,
    DATA_DIR,
    WorkspaceConfig,
    is_workspace,
    read_config,
    slug,
    write_config,
)

if TYPE_CHECKING:
    from journeymap.model.diff import MapDiff
    from journeymap.store import Store, Versioned


def _store_url(path: Path, database_url: str | None) -> str:
    from journeymap.store import default_url

    return database_url or default_url(path)


def init_workspace(
    path: Path,
    *,
    name: str | None = None,
    workspace_id: str | None = None,
    database_url: str | None = None,
    document: WorkspaceDocument | None = None,
) -> Workbench:
    """Make ``path`` a workspace: marker file, store, and an empty (or given) document."""
    from journeymap.store import Store

    if is_workspace(path):
        raise WorkspaceError(f"{path} is already a journeymap workspace",
                             hint="use another folder or work in this one")
    if path.exists() and not path.is_dir():
        raise WorkspaceError(f"{path} exists and is not a folder")
    if document is None:
        title = name or path.resolve().name or "Workspace"
        document = WorkspaceDocument(
            workspace=Workspace(id=workspace_id or slug(title), name=title)
        )
    path.mkdir(parents=True, exist_ok=True)
    (path / DATA_DIR).mkdir(exist_ok=True)
    store = Store.open(_store_url(path, database_url))
    try:
        store.save_document(document)
    except BaseException:
        store.close()
        raise
    write_config(path, WorkspaceConfig(workspace=document.workspace.id))
    return Workbench(path, store, read_config(path))


class Workbench:
    """A workspace folder with its open workspace store."""

    def __init__(self, path: Path, store: Store, config: WorkspaceConfig) -> None:
        self.path = path
        self.store = store
        self.config = config

    @classmethod
    def open(cls, path: Path, *, database_url: str | None = None) -> Workbench:
        from journeymap.store import Store

        config = read_config(path)
        return cls(path, Store.open(_store_url(path, database_url)), config)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def workspace_id(self) -> str:
        return self.config.workspace

    @property
    def analytics_path(self) -> Path:
        return self.path / ANALYTICS_FILE

    @property
    def data_dir(self) -> Path:
        return self.path / DATA_DIR

    # -- documents -------------------------------------------------------------------
    def document(self) -> WorkspaceDocument:
        return self.store.load_document(self.workspace_id)

    def export_text(self, fmt: Literal["yaml", "json"]) -> str:
        from journeymap.mapcode import dump_document

        return dump_document(self.document(), fmt)

    def replace_document(self, document: WorkspaceDocument) -> None:
        """Replace everything in this workspace with ``document`` (all or nothing)."""
        if document.workspace.id != self.workspace_id:
            raise InputError(
                f"the document is workspace {document.workspace.id!r} but this folder holds "
                f"{self.workspace_id!r}",
                hint="import it into a new folder: journeymap import workspace FILE "
                "--workspace NEW_DIR",
            )
        self.store.save_document(document)

    def set_demo_info(self, info: dict[str, Any]) -> None:
        self.config = replace(self.config, demo=info)
        write_config(self.path, self.config)

    # -- maps ------------------------------------------------------------------------
    def journey_map(self, map_id: str | None = None) -> JourneyMap:
        """The map ``map_id``, or the workspace's first map when None."""
        maps = self.document().maps
        if map_id is None:
            if not maps:
                raise InputError(
                    f"{self.path}: the workspace has no journey map",
                    hint="import one with: journeymap import workspace FILE",
                )
            return maps[0]
        for jmap in maps:
            if jmap.id == map_id:
                return jmap
        raise NotFoundError("map", map_id, scope=f"workspace {self.workspace_id!r}")

    def snapshot(self, map_id: str, label: str, *, created_by: str = "") -> MapSnapshot:
        return self.store.snapshot_map(self.workspace_id, map_id, label, created_by=created_by)

    def snapshots(self, map_id: str) -> list[MapSnapshot]:
        self.journey_map(map_id)
        return self.store.list_snapshots(self.workspace_id, map_id)

    def restore(self, snapshot_id: str, *, expected_version: int | None = None) -> Versioned:
        snapshot = next((s for s in self.document().snapshots if s.id == snapshot_id), None)
        if snapshot is None:
            raise NotFoundError("snapshot", snapshot_id)
        if expected_version is None:
            expected_version = self.store.get(self.workspace_id, f"map/{snapshot.map}").version
        return self.store.restore_snapshot(
            self.workspace_id, snapshot_id, expected_version=expected_version
        )

    def compare(self, before: str, after: str) -> MapDiff:
        return self.store.compare(self.workspace_id, before, after)

    def derive(self, map_id: str, new_id: str, *, variant: MapVariant = MapVariant.TO_BE,
               name: str | None = None) -> Versioned:
        if name is None:
            source = self.journey_map(map_id).name
            label = variant.value.replace("_", "-")
            name = (source.replace("(as-is)", f"({label})") if "(as-is)" in source
                    else f"{source} ({label})")
        return self.store.derive_map(self.workspace_id, map_id, new_id, variant=variant,
                                     name=name)

    # -- single objects ----------------------------------------------------------------
    def get(self, ref: str) -> Versioned:
        return self.store.get(self.workspace_id, ref)

    def update(self, ref: str, changes: dict[str, Any], *, expected_version: int) -> Versioned:
        return self.store.update(self.workspace_id, ref, changes, expected_version=expected_version)
