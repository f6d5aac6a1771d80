"""Live updates as server-sent events: ``GET /api/v1/events/stream``.

Each event is one row of the activity log (``id:`` is its id, ``event: change``, ``data:``
its JSON). A browser that reconnects sends ``Last-Event-ID`` and gets what it missed first.
Also here: who is changing things (the actor written to the activity log).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from journeymap.errors import InputError
from journeymap.store.activity import Activity, set_actor
from journeymap.web.api_common import Bench
from journeymap.workbench import Workbench
from journeymap.workbench.live import LiveUpdates, live_updates

router = APIRouter(tags=["live updates"])
#: A comment line this often keeps proxies from closing an idle stream.
KEEP_ALIVE_SECONDS = 15.0
#: The most events sent in one go (a reconnect after a long absence sends the rest next).
BATCH = 200
LOCAL_AUTHOR = "local"


def author(request: Request) -> str:
    """Who is making this request, as shown next to their comments, notes and changes."""
    user = getattr(request.state, "user", None)
    if user is None:
        return LOCAL_AUTHOR
    return str(user.name or user.email or user.id)


def voter(request: Request) -> str:
    """The stable id a vote is counted under (one vote per person per note)."""
    user = getattr(request.state, "user", None)
    return LOCAL_AUTHOR if user is None else str(user.id)


async def acting_author(request: Request) -> None:
    """An app-wide dependency: changes made by this request are logged under its author,
    and a page notes the newest change it already contains (``live_seen``).

    Async on purpose: it runs in the request's own context, which the (threaded) route
    function then inherits."""
    set_actor(author(request))
    if request.method == "GET":
        await run_in_threadpool(note_seen, request)


def note_seen(request: Request) -> None:
    """Remember the newest change now: call it before reading what the page shows (a POST
    after its change), so every change up to it is in the page."""
    bench: Workbench = request.app.state.bench
    request.state.live_seen = bench.store.latest_activity()


def live_seen(request: Request) -> int:
    """For templates: changes up to this id are already shown (live.js skips them)."""
    return int(getattr(request.state, "live_seen", 0))


def install(app: FastAPI, bench: Workbench) -> LiveUpdates:
    """Start live updates for the app (stop them with ``app.state.live.stop()``)."""
    live = live_updates(bench)
    app.state.live = live
    app.state.templates.globals["live_seen"] = live_seen
    # after auth's guard (which finds the user), before any router is included
    app.router.dependencies.append(Depends(acting_author))
    return live


def event_id(value: str) -> int:
    try:
        return max(0, int(value.strip()))
    except ValueError:
        raise InputError(f"Last-Event-ID {value!r} is not an event id",
                         hint="send the id of the last event received, e.g. 42",
                         path="Last-Event-ID") from None


def _frame(item: Activity) -> str:
    data = json.dumps(item.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return f"id: {item.id}\nevent: change\ndata: {data}\n\n"


async def _events(request: Request, bench: Workbench, live: LiveUpdates, last: int,
                  map_id: str | None) -> AsyncIterator[str]:
    yield f"retry: 1000\nid: {last}\n\n" if last else "retry: 1000\n\n"
    waited = 0.0
    with live.subscription() as woken:
        while not await request.is_disconnected():
            woken.clear()  # before reading: a change committed from now on wakes us again
            found = await run_in_threadpool(bench.store.activity, bench.workspace_id,
                                            map_id=map_id, after=last, limit=BATCH)
            for item in found:
                last = item.id
                yield _frame(item)
            if found:
                continue
            try:
                await asyncio.wait_for(woken.wait(), timeout=live.poll_seconds)
            except TimeoutError:
                waited += live.poll_seconds
                if waited >= KEEP_ALIVE_SECONDS:
                    waited = 0.0
                    yield ": keep-alive\n\n"


@router.get("/events/stream", operation_id="stream_events",
            response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "Server-sent events, one per change."}})
async def stream_events(
    request: Request, bench: Bench,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    since: Annotated[int | None, Query(ge=0, description="Send changes after this id.")] = None,
    map_id: Annotated[str | None, Query(alias="map", max_length=254,
                                        description="Only changes inside this map.")] = None,
) -> StreamingResponse:
    """Changes of the workspace as they happen (``event: change``, data = activity row).

    Starts after ``Last-Event-ID`` (a reconnecting browser), else after ``since``, else
    with the next change."""
    if last_event_id:
        last = event_id(last_event_id)
    elif since is not None:
        last = since
    else:
        last = await run_in_threadpool(bench.store.latest_activity)
    live: LiveUpdates = request.app.state.live
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(_events(request, bench, live, last, map_id),
                             media_type="text/event-stream", headers=headers)
