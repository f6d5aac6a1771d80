"""Background runs started from a page (Discover personas, Detect pain points): the status
fragment the page polls (``GET /jobs/{id}``) and its REST twin ``GET /api/v1/jobs/{id}``.

A form posted by htmx gets the status fragment at once; a plain form post is sent back to
its page with ``?job=<id>``, which shows the same status and reloads itself while it runs.
When a polled job is done, htmx is told to load the page again (``HX-Redirect``), so the
list shows what the run wrote; a failed one shows its error in place.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from journeymap.errors import JourneymapError, NotFoundError
from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.errors import status_for
from journeymap.web.live import author
from journeymap.web.templating import is_fragment_request, render
from journeymap.workbench import Workbench
from journeymap.workbench.jobs import INTERNAL_FAILURE, Job, Jobs, Work

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["jobs"])

#: The kinds of job the pages start.
DISCOVER_PERSONAS = "discover_personas"
DETECT_PAINPOINTS = "detect_painpoints"


def background_jobs(request: Request) -> Jobs:
    """The app's background jobs (made with the app)."""
    jobs: Jobs = request.app.state.jobs
    return jobs


JobsDep = Annotated[Jobs, Depends(background_jobs)]


def page_of(job: Job) -> str:
    """The page that shows the job's result (with its status on top)."""
    if job.kind == DETECT_PAINPOINTS:
        query = [("map", job.scope)] if job.scope else []
        return "/painpoints?" + urlencode([*query, ("job", job.id)])
    return "/personas?" + urlencode([("job", job.id)])


def shown_job(bench: Workbench, jobs: Jobs, kind: str, job_id: str) -> Job | None:
    """The job a page shows: the one asked for, else one of this kind still running."""
    if job_id:
        try:
            return _own(bench, jobs, job_id)
        except NotFoundError:
            return None
    return jobs.current(bench.workspace_id, kind)


def status_context(jobs: Jobs, job: Job | None, asked: str = "") -> dict[str, Any]:
    """What ``_job_status.html`` needs (``asked``: the id the page was asked to show)."""
    seconds = None if job is None else job.seconds(jobs.clock())
    return {"job": job, "job_seconds": seconds, "job_page": None if job is None else page_of(job),
            "job_lost": bool(asked) and job is None, "job_notice": None,
            "internal_failure": INTERNAL_FAILURE}


def start(request: Request, bench: Workbench, jobs: Jobs, kind: str, work: Work,
          scope: str = "") -> Response:
    """Start the run (or find the running one) and answer the form: the status fragment
    for htmx, else a redirect to the page showing it."""
    job, _ = jobs.submit(bench.workspace_id, kind, work, started_by=author(request),
                         scope=scope)
    if is_fragment_request(request):
        return render(request, request.app.state.templates, "_job_status.html", 202,
                      **status_context(jobs, job))
    return RedirectResponse(page_of(job), status_code=303)


def refused(request: Request, exc: JourneymapError) -> Response:
    """A form htmx posted with bad input: the error in the status box instead of a page
    (a plain form post gets the error page, as before)."""
    if not is_fragment_request(request):
        raise exc
    context = status_context(background_jobs(request), None) | {"job_notice": str(exc)}
    return render(request, request.app.state.templates, "_job_status.html",
                  status_for(exc), **context)


def _own(bench: Workbench, jobs: Jobs, job_id: str) -> Job:
    job = jobs.get(job_id)
    if job.workspace != bench.workspace_id:
        raise NotFoundError("job", job_id, scope="recent jobs")
    return job


@page_router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_status(request: Request, bench: Bench, jobs: JobsDep, job_id: str) -> Response:
    """The status fragment htmx polls; once done, htmx reloads the job's page."""
    if not is_fragment_request(request):
        return RedirectResponse(page_of(_own(bench, jobs, job_id)), status_code=303)
    try:
        job = _own(bench, jobs, job_id)
    except NotFoundError:  # forgotten (a restart): say so in the box, and stop polling
        return render(request, request.app.state.templates, "_job_status.html",
                      **status_context(jobs, None, job_id))
    answer = render(request, request.app.state.templates, "_job_status.html",
                    **status_context(jobs, job))
    if job.state == "done":  # the list changed; a failure is shown in place
        answer.headers["HX-Redirect"] = page_of(job)
    return answer


@api_router.get("/jobs/{job_id}", operation_id="get_job", responses=ERRORS)
def get_job(bench: Bench, jobs: JobsDep, job_id: str) -> dict[str, Any]:
    """A background run started from a page: state ``running``, ``done`` (with its
    ``summary``) or ``failed`` (with ``error``). Jobs live in the server's memory: the
    newest finished ones are kept, and a restart forgets them all."""
    return _own(bench, jobs, job_id).to_dict()
