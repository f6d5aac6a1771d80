"""The persona pages (cards, one persona's page) and their REST twins under /api/v1/personas.

Every number shown comes from :mod:`journeymap.workbench.personas_cards`; discovery and
edits go through :mod:`journeymap.workbench.personas`. Forms post here and come back to the
page (303); the Discover button starts a background job (:mod:`journeymap.web.jobs`) while
the API's discovery runs in the request. The API edits with versions (If-Match).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import Field

from journeymap.analytics.personas import ClusterSpec
from journeymap.analytics.phrases import Language, language_of
from journeymap.errors import InputError, JourneymapError
from journeymap.model import Persona, PersonaSource, SegmentRule
from journeymap.model.base import Identifier, Name, Text
from journeymap.web.api_children import new_object
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.i18n import current_locale
from journeymap.web.jobs import (
    DISCOVER_PERSONAS,
    JobsDep,
    refused,
    shown_job,
    start,
    status_context,
)
from journeymap.web.schemas import Body
from journeymap.web.templating import render
from journeymap.workbench import Workbench
from journeymap.workbench.jobs import Work
from journeymap.workbench.personas import Discovery, discover_personas, edit_persona
from journeymap.workbench.personas_cards import personas_overview
from journeymap.workbench.segments import persona_members

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["personas"])

Item = Annotated[str, Field(min_length=1, max_length=500)]
K = Annotated[int, Field(ge=2, le=20)]


class PersonaNew(Body):
    id: Identifier | None = None
    name: Name
    description: Text = ""
    quote: Text = ""
    goals: list[Item] = []
    needs: list[Item] = []
    frustrations: list[Item] = []
    attributes: dict[str, str] = {}
    segment: list[SegmentRule] = Field(default_factory=list, description=(
        "Rules on customer attributes (all must hold); with rules the persona is rule-based."))


class PersonaChanges(Body):
    name: Name | None = None
    description: Text | None = None
    quote: Text | None = None
    goals: list[Item] | None = None
    needs: list[Item] | None = None
    frustrations: list[Item] | None = None
    attributes: dict[str, str] | None = None
    segment: list[SegmentRule] | None = None


class DiscoverRequest(Body):
    k: K | None = Field(default=None, description="Number of personas; default: chosen by "
                        "silhouette in 2..8.")
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0
    save: bool = Field(default=True, description="Store the personas and their membership.")
    language: Language = Field(default="en", description="Language of the names and "
                               "descriptions of new personas (en, pl, bg); personas found "
                               "before keep theirs.")


def _discovered(found: Discovery) -> dict[str, Any]:
    clustering = found.run.clustering
    rows = [{key: value for key, value in row.items()} for row in found.rows]
    return {"k": clustering.k, "silhouettes": {str(k): v for k, v in
                                               clustering.silhouettes.items()},
            "customers": len(found.run.features.rows), "saved": found.saved,
            "added": list(found.added), "kept": list(found.kept),
            "removed": list(found.removed), "personas": rows}


# -- pages ---------------------------------------------------------------------------------
@page_router.get("/personas", response_class=HTMLResponse)
def personas_page(request: Request, bench: Bench, jobs: JobsDep,
                  job: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """The cards; on top, the discovery asked for (``job``) or the one running now."""
    overview = personas_overview(bench)
    document = bench.document()
    shown = shown_job(bench, jobs, DISCOVER_PERSONAS, job)
    return render(request, request.app.state.templates, "personas.html", document=document,
                  overview=overview, map_id=document.maps[0].id if document.maps else None,
                  **status_context(jobs, shown, job))


@page_router.get("/personas/{persona_id}", response_class=HTMLResponse)
def persona_page(request: Request, bench: Bench, persona_id: str) -> HTMLResponse:
    overview = personas_overview(bench)
    document = bench.document()
    return render(request, request.app.state.templates, "persona.html", document=document,
                  overview=overview, card=overview.card(persona_id),
                  map_id=document.maps[0].id if document.maps else None)


Line = Annotated[str | None, Form(max_length=20_000)]


def _lines(text: str) -> list[str]:
    return [line.strip()[:500] for line in text.splitlines() if line.strip()]


def _chosen_k(k: str) -> int | None:
    try:
        return int(k) if k.strip() else None
    except ValueError:
        raise InputError(f"k: {k!r} is not a number", hint="leave it empty or give 2-20",
                         path="k") from None


def _discovery(bench: Workbench, spec: ClusterSpec, language: Language) -> Work:
    """The background run: discover and save (new names in ``language``), in counts."""
    def work() -> dict[str, int]:
        found = discover_personas(bench, spec=spec, save=True, language=language)
        return {"personas": found.run.clustering.k, "added": len(found.added),
                "kept": len(found.kept), "removed": len(found.removed)}
    return work


@page_router.post("/personas/discover")
def discover_from_form(request: Request, bench: Bench, jobs: JobsDep,
                       k: Annotated[str, Form(max_length=3)] = "",
                       seed: Annotated[int, Form(ge=0, le=2**32 - 1)] = 0) -> Response:
    """Start the clustering of the workspace's data in the background (the page's button);
    while one runs, the running one is shown instead of starting another."""
    try:
        spec = ClusterSpec(k=_chosen_k(k), seed=seed)
    except JourneymapError as exc:
        return refused(request, exc)
    # new personas are named in the language of the person who clicked Discover
    language = language_of(current_locale())
    return start(request, bench, jobs, DISCOVER_PERSONAS, _discovery(bench, spec, language))


@page_router.post("/personas/{persona_id}/edit")
def edit_from_form(bench: Bench, persona_id: str, version: Annotated[int, Form()],
                   name: Annotated[str, Form(max_length=200)],
                   quote: Line = None, description: Line = None, goals: Line = None,
                   needs: Line = None, frustrations: Line = None,
                   back: Annotated[str, Form(max_length=300)] = "") -> RedirectResponse:
    """Save the card's fields; fields the form did not send stay as they are."""
    changes: dict[str, Any] = {"name": name}
    for key, value in (("quote", quote), ("description", description)):
        if value is not None:
            changes[key] = value.strip()
    for key, value in (("goals", goals), ("needs", needs), ("frustrations", frustrations)):
        if value is not None:
            changes[key] = _lines(value)
    edit_persona(bench, persona_id, changes, expected_version=version)
    target = back if back.startswith("/personas") else "/personas"
    return RedirectResponse(f"{target}#persona-{persona_id}", status_code=303)


# -- REST ----------------------------------------------------------------------------------
@api_router.get("/personas", operation_id="list_personas", responses=ERRORS)
def list_personas(bench: Bench) -> dict[str, Any]:
    """Every persona (rule-based, clustered, manual) with its version and numbers:
    customers with any activity and their share, traits with lift, typical path, NPS and
    CSAT with n, churn rate, revenue (null numbers: ``problem`` says why)."""
    return personas_overview(bench).as_dict()


@api_router.post("/personas/discover", operation_id="discover_personas", responses=ERRORS)
def discover(bench: Bench, body: DiscoverRequest) -> dict[str, Any]:
    """Cluster the workspace's customers into personas (k by silhouette unless given).
    Personas found before keep their ids and names; new ones are named in ``language``.
    With ``save`` the personas and their membership are stored."""
    found = discover_personas(bench, spec=ClusterSpec(k=body.k, seed=body.seed),
                              save=body.save, language=body.language)
    return _discovered(found)


@api_router.get("/personas/{persona_id}", operation_id="get_persona", responses=ERRORS)
def get_persona(bench: Bench, persona_id: str) -> JSONResponse:
    return versioned(bench.get(f"persona/{persona_id}"))


@api_router.get("/personas/{persona_id}/numbers", operation_id="get_persona_numbers",
                responses=ERRORS)
def get_persona_numbers(bench: Bench, persona_id: str) -> dict[str, Any]:
    """The persona's numbers (as in the list), or ``problem`` when they are not known."""
    return personas_overview(bench).card(persona_id).as_dict()


@api_router.get("/personas/{persona_id}/members", operation_id="list_persona_members",
                responses=ERRORS)
def list_persona_members(
    bench: Bench, persona_id: str,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """The persona's customer ids, sorted, a page at a time."""
    import ibis

    members = persona_members(bench, persona_id)
    try:
        total = int(members.count().execute())
        page = members.order_by("customer_id").limit(limit, offset=offset)
        ids = [str(row["customer_id"]) for row in page.to_pyarrow().to_pylist()]
    finally:
        ibis.get_backend(members).disconnect()
    return {"persona": persona_id, "total": total, "customers": ids}


@api_router.post("/personas", operation_id="add_persona", status_code=201, responses=ERRORS)
def add_persona(bench: Bench, body: PersonaNew) -> JSONResponse:
    """A persona written by hand, or rule-based when it has segment rules."""
    data = body.changes()
    data["source"] = (PersonaSource.RULES if data.get("segment") else PersonaSource.MANUAL).value
    ident, persona = new_object(Persona, "persona", data)
    return versioned(bench.store.add(bench.workspace_id, f"persona/{ident}", persona), 201)


@api_router.patch("/personas/{persona_id}", operation_id="update_persona",
                  responses=EDIT_ERRORS)
def update_persona(bench: Bench, persona_id: str, body: PersonaChanges,
                   version: ExpectedVersion) -> JSONResponse:
    return versioned(edit_persona(bench, persona_id, body.changes(),
                                  expected_version=version))


@api_router.delete("/personas/{persona_id}", operation_id="delete_persona", status_code=204,
                   responses=EDIT_ERRORS)
def delete_persona(bench: Bench, persona_id: str, version: ExpectedVersion) -> Response:
    bench.store.delete(bench.workspace_id, f"persona/{persona_id}", expected_version=version)
    return Response(status_code=204)
