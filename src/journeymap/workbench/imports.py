"""Imports from the web app, headless: uploads kept in a private temp folder, a preview of the
rows a file will give, background import jobs with progress, the import history and the
quarantine.

DuckDB refuses a read-write and a read-only connection to one file in one process at once,
so every analytic-store access here holds :data:`ANALYTIC_LOCK`.
"""

from __future__ import annotations

import contextvars
import logging
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from journeymap.errors import DataFileError, InputError, JourneymapError, NotFoundError
from journeymap.ingest.importer import (
    import_customers,
    import_events,
    import_transactions,
)
from journeymap.ingest.mapping import SURVEY_READY, Mapping, load_mapping, ready_mapping_names
from journeymap.ingest.sources import ROW, Source, open_source, run_reading
from journeymap.ingest.store import ImportReport, QuarantinedRow, connect, quarantined_rows
from journeymap.ingest.surveys import SURVEY_CANONICAL, import_surveys, survey_sql
from journeymap.ingest.validation import (
    EVENT_COLUMNS,
    EXPECTED,
    PROBLEM,
    REASON,
    TRANSACTION_COLUMNS,
    Column,
    checked_sql,
)

Kind = Literal["events", "customers", "transactions", "surveys"]
KINDS: tuple[Kind, ...] = ("events", "customers", "transactions", "surveys")
PREVIEW_ROWS = 20
DEFAULT_UPLOAD_LIMIT = 200_000_000  # 200 MB, as the messages count
CHUNK = 1 << 20
#: Suffixes kept from an uploaded name (the reader picks the format by suffix); the rest of
#: the name is never part of a path.
SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".parquet", ".pq", ".jsonl", ".ndjson", ".json")
#: Uploads previewed but not imported that are kept; older ones are deleted.
KEPT_UPLOADS = 20
ANALYTIC_LOCK = threading.RLock()
Importer = Callable[..., ImportReport]
IMPORTERS: dict[str, Importer] = {"events": import_events, "customers": import_customers,
                                  "transactions": import_transactions, "surveys": import_surveys}
log = logging.getLogger(__name__)


def mapping_names(kind: str) -> tuple[str, ...]:
    """The ready mappings that fit ``kind``."""
    return SURVEY_READY if kind == "surveys" else ready_mapping_names()


def check_kind(kind: str) -> Kind:
    for known in KINDS:
        if kind == known:
            return known
    raise InputError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}",
                     path="kind")


def choose_mapping(kind: str, name: str = "", yaml_text: str | None = None,
                   source: str = "mapping") -> Mapping | None:
    """An uploaded mapping YAML, else a ready mapping by name, else none."""
    from journeymap.ingest.mapping import parse_mapping

    if yaml_text is not None and yaml_text.strip():
        return parse_mapping(yaml_text, source=source)
    if not name:
        return None
    if name not in mapping_names(kind):
        raise InputError(f"unknown mapping {name!r} for {kind}; expected one of "
                         f"{', '.join(mapping_names(kind))}", path="mapping")
    return load_mapping(name)


# -- uploads -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Upload:
    """A file saved in its own temp folder; ``name`` is what the user called it (shown only)."""

    path: Path
    name: str
    size: int

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def shown_name(filename: str) -> str:
    """The last part of an uploaded name, for showing (browsers may send a whole path)."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip()
    return name[:200] or "upload"


def too_large(name: str, limit: int) -> DataFileError:
    size = f"{limit / 1e6:g} MB"
    return DataFileError(name, f"larger than the upload limit of {size}",
                         expected=f"a file of at most {size}",
                         hint="import bigger files with the CLI: journeymap import events FILE")


def save_upload(read: Callable[[int], bytes], filename: str,
                limit: int = DEFAULT_UPLOAD_LIMIT) -> Upload:
    """Copy a stream in chunks into a new temp folder; refuse it once it passes ``limit``."""
    name = shown_name(filename)
    lowered = name.lower()
    gz = ".gz" if lowered.endswith(".gz") else ""
    base = lowered.removesuffix(".gz")
    suffix = next((s for s in SUFFIXES if base.endswith(s)), "")
    folder = Path(tempfile.mkdtemp(prefix="journeymap-upload-"))
    target = folder / f"upload{suffix}{gz}"
    size = 0
    try:
        with target.open("wb") as out:
            while chunk := read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise too_large(name, limit)
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Upload(target, name, size)


def _relabelled(exc: JourneymapError, upload: Upload) -> JourneymapError:
    """The error naming the uploaded file, not its temp path."""
    exc.message = exc.message.replace(str(upload.path), upload.name)
    exc.args = (exc.message,)
    if exc.details.get("file") == str(upload.path):
        exc.details["file"] = upload.name
    return exc


# -- preview -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PreviewRow:
    row: int
    values: tuple[str | None, ...]
    column: str | None
    reason: str | None


@dataclass(frozen=True)
class ImportPreview:
    """The first rows of a file as they will be imported, with the problems found in them."""

    kind: str
    file: str
    columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]

    @property
    def problems(self) -> int:
        return sum(1 for row in self.rows if row.reason is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "columns": list(self.columns),
                "rows": [asdict(row) | {"values": list(row.values)} for row in self.rows],
                "problems": self.problems}


def _checked(source: Source, kind: str, spec: Mapping) -> tuple[str, tuple[str, ...]]:
    if kind == "surveys":
        return survey_sql(source, spec), SURVEY_CANONICAL
    if kind == "customers":  # the attributes show as properties; they become columns
        columns: tuple[Column, ...] = (Column("customer_id", required=True),)
    else:
        columns = EVENT_COLUMNS if kind == "events" else TRANSACTION_COLUMNS
    names = tuple(column.name for column in columns) + ("properties",)
    return checked_sql(source, columns, spec), names


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def preview_import(upload: Upload, kind: str, mapping: Mapping | None = None) -> ImportPreview:
    """The first :data:`PREVIEW_ROWS` rows after the mapping; nothing is written."""
    import duckdb

    spec = mapping or Mapping()
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        source = open_source(con, upload.path, spec)
        checked, names = _checked(source, check_kind(kind), spec)
        listed = ", ".join(f'"{name}"' for name in names)
        sql = (f"SELECT {ROW}, {listed}, {PROBLEM}, {REASON} || '; expected ' || {EXPECTED} "
               f"FROM ({checked}) ORDER BY {ROW} LIMIT {PREVIEW_ROWS}")
        found, _ = run_reading(source, sql, lambda text: con.execute(text).fetchall())
    except JourneymapError as exc:
        raise _relabelled(exc, upload) from None
    finally:
        con.close()
    rows = tuple(PreviewRow(int(row[0]), tuple(_text(v) for v in row[1:-2]), row[-2], row[-1])
                 for row in found)
    return ImportPreview(kind, upload.name, names, rows)


# -- background import jobs ----------------------------------------------------------------
JobStatus = Literal["waiting", "running", "done", "failed"]


@dataclass(frozen=True)
class ImportJob:
    """One import started from the web app; ``error`` is the pinned error body on failure."""

    id: str
    kind: str
    file: str
    status: JobStatus = "waiting"
    step: str = ""
    fraction: float = 0.0
    report: ImportReport | None = None
    error: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def to_dict(self) -> dict[str, Any]:
        report = None if self.report is None else asdict(self.report)
        return {"id": self.id, "kind": self.kind, "file": self.file, "status": self.status,
                "step": self.step, "fraction": round(self.fraction, 3), "report": report,
                "error": self.error}


@dataclass
class _Staged:
    upload: Upload
    kind: str
    mapping: Mapping | None


@dataclass
class ImportJobs:
    """Uploads waiting to be imported and the import jobs of one app, thread-safe."""

    workspace_dir: Path
    _staged: dict[str, _Staged] = field(default_factory=dict)
    _jobs: dict[str, ImportJob] = field(default_factory=dict)
    _threads: dict[str, threading.Thread] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    #: Called with the report of each finished import (the activity log records it).
    on_done: Callable[[ImportReport], object] | None = None

    def stage(self, upload: Upload, kind: str, mapping: Mapping | None) -> str:
        """Keep a previewed upload for :meth:`start`; returns its token."""
        token = uuid.uuid4().hex
        with self._lock:
            self._staged[token] = _Staged(upload, check_kind(kind), mapping)
            while len(self._staged) > KEPT_UPLOADS:
                oldest = next(iter(self._staged))
                self._staged.pop(oldest).upload.discard()
        return token

    def discard_staged(self) -> None:
        """Delete every upload waiting to be imported."""
        with self._lock:
            staged, self._staged = list(self._staged.values()), {}
        for item in staged:
            item.upload.discard()

    def start(self, token: str) -> ImportJob:
        """Import a staged upload in a background thread; poll it with :meth:`get`."""
        with self._lock:
            staged = self._staged.pop(token, None)
            if staged is None:
                raise NotFoundError("upload", token, scope="uploads waiting to be imported")
            job = ImportJob(uuid.uuid4().hex[:12], staged.kind, staged.upload.name)
            self._jobs[job.id] = job
            # in the starter's context: the activity log names who started the import
            context = contextvars.copy_context()
            thread = threading.Thread(target=context.run, args=(self._run, job.id, staged),
                                      daemon=True,
                                      name=f"journeymap-import-{job.id}")
            self._threads[job.id] = thread
        thread.start()
        return job

    def get(self, job_id: str) -> ImportJob:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError("import job", job_id)
        return job

    def join(self, job_id: str) -> ImportJob:
        """Wait for the job to finish (tests and scripts)."""
        self.get(job_id)
        self._threads[job_id].join()
        return self.get(job_id)

    def _set(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _run(self, job_id: str, staged: _Staged) -> None:
        def progress(step: str, fraction: float) -> None:
            self._set(job_id, status="running", step=step, fraction=max(0.0, min(1.0, fraction)))

        try:
            with ANALYTIC_LOCK:
                self._set(job_id, status="running")
                report = IMPORTERS[staged.kind](self.workspace_dir, staged.upload.path,
                                                mapping=staged.mapping, progress=progress)
                _rename_file(self.workspace_dir, report.import_id, staged.upload.name)
            report = replace(report, file=staged.upload.name)
            self._set(job_id, status="done", step="done", fraction=1.0, report=report)
            if self.on_done is not None:
                self.on_done(report)
        except JourneymapError as exc:
            body = _relabelled(exc, staged.upload).to_dict()["error"]
            self._set(job_id, status="failed", error=body)
        except Exception as exc:  # a defect: logged, and the job says so instead of hanging
            log.exception("import job %s failed", job_id)
            self._set(job_id, status="failed", error={
                "code": JourneymapError.code, "message": f"internal error ({type(exc).__name__})"})
        finally:
            staged.upload.discard()


def _rename_file(workspace_dir: Path, import_id: str, name: str) -> None:
    """Record the uploaded name in the history and the quarantine, not the temp path."""
    with connect(workspace_dir) as con:
        con.execute("UPDATE imports SET file = ? WHERE import_id = ?", [name, import_id])
        con.execute("UPDATE quarantine SET file = ? WHERE import_id = ?", [name, import_id])


# -- history and quarantine ----------------------------------------------------------------
HISTORY_COLUMNS = ("import_id", "kind", "file", "mapping", "read", "accepted", "quarantined",
                   "duplicates", "started_at", "finished_at")


def tables(con: Any) -> set[str]:
    return {str(row[0]) for row in con.execute("SHOW TABLES").fetchall()}


def import_history(workspace_dir: Path, limit: int = 100) -> list[dict[str, Any]]:
    """The imports, newest first: kind, file, mapping and the counts of each."""
    if not (workspace_dir / "analytics.duckdb").is_file():
        return []
    with ANALYTIC_LOCK, connect(workspace_dir, read_only=True) as con:
        if "imports" not in tables(con):
            return []
        found = con.execute(
            f"SELECT {', '.join(HISTORY_COLUMNS)} FROM imports "
            "ORDER BY started_at DESC, import_id LIMIT ?", [limit]).fetchall()
    return [dict(zip(HISTORY_COLUMNS, row, strict=True)) for row in found]


@dataclass(frozen=True)
class QuarantinePage:
    rows: tuple[QuarantinedRow, ...]
    offset: int
    size: int
    more: bool

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [asdict(row) for row in self.rows], "offset": self.offset,
                "size": self.size, "more": self.more}


def quarantine_page(workspace_dir: Path, import_id: str | None = None, offset: int = 0,
                    size: int = 50) -> QuarantinePage:
    """Quarantined rows ``offset`` to ``offset + size`` (newest import first, file order)."""
    if offset < 0 or size < 1:
        raise InputError("offset must be 0 or more and size 1 or more", path="offset")
    with ANALYTIC_LOCK:
        found = quarantined_rows(workspace_dir, import_id, limit=offset + size + 1)
    page = tuple(found[offset:offset + size])
    return QuarantinePage(page, offset, size, len(found) > offset + size)

