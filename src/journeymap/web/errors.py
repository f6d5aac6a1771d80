"""journeymap errors as HTTP answers: the pinned JSON shape for the API, a page for people."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from journeymap.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    JourneymapError,
    LoginRequired,
    NotFoundError,
)

API_PREFIX = "/api/v1"


def status_for(exc: JourneymapError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, LoginRequired):
        return 401
    if isinstance(exc, ForbiddenError):
        return 403
    return 500


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "rules", 0, "pattern")`` -> ``rules[0].pattern`` (the path in the body)."""
    parts = list(loc[1:]) if loc and loc[0] == "body" else list(loc)
    while parts and isinstance(parts[0], int):  # a position in the raw body, not a field
        parts.pop(0)
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
    return text.lstrip(".")


def request_error(exc: RequestValidationError) -> InputError:
    """One InputError naming every field of the request that does not fit."""
    problems = [
        {"path": field_path(err.get("loc", ())), "message": str(err.get("msg", ""))}
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"path": "", "message": "invalid request"}
    where = f"{first['path']}: " if first["path"] else ""
    hint = None if len(problems) < 2 else f"and {len(problems) - 1} more problem(s)"
    return InputError(f"request {where}{first['message']}", hint=hint, path=first["path"],
                      problems=problems)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def install_error_handlers(app: FastAPI, render_error: Any) -> None:
    """Register handlers; ``render_error(request, exc, status)`` draws the page for people."""

    def answer(request: Request, exc: JourneymapError, status: int) -> Response:
        if _is_api(request):
            return JSONResponse(exc.to_dict(), status_code=status)
        page: HTMLResponse = render_error(request, exc, status)
        return page

    async def on_journeymap(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, JourneymapError)
        return answer(request, exc, status_for(exc))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return answer(request, request_error(exc), 422)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        error: JourneymapError
        if exc.status_code == 404:
            error = NotFoundError("page", request.url.path)
        else:
            error = InputError(f"{request.method} {request.url.path}: {exc.detail}")
        return answer(request, error, exc.status_code)

    async def on_bug(request: Request, exc: Exception) -> Response:
        # A defect, not a user mistake: the server logs the traceback; the answer keeps the shape.
        error = JourneymapError(f"internal error ({type(exc).__name__})",
                                hint="this is a bug in journeymap; the server log has the details")
        return answer(request, error, 500)

    app.add_exception_handler(Exception, on_bug)
    app.add_exception_handler(JourneymapError, on_journeymap)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
