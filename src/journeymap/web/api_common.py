"""What every API route shares: the open workbench, the ``If-Match`` version, answers."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from journeymap.errors import InputError
from journeymap.store import Versioned
from journeymap.workbench import Workbench

IF_MATCH_HELP = (
    "The version of the object your change is based on (the `version` field or the `ETag` "
    "of the last GET), e.g. `3` or `\"3\"`. A stale version answers 409 with the current object."
)
#: Error answers every operation may give, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such object: `{\"error\": {\"code\": \"not_found\", ...}}`"},
    422: {"description": "Bad input: `{\"error\": {\"code\": ..., \"details\": {\"path\": ...}}}`"},
}
EDIT_ERRORS: dict[int | str, dict[str, Any]] = ERRORS | {
    409: {"description": "Stale version: `{\"error\": {\"code\": \"conflict\", "
          "\"details\": {\"current\": {...}}}}` (current is null when it was deleted)"},
}


def workbench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.bench
    return bench


Bench = Annotated[Workbench, Depends(workbench)]


def parse_version(value: str) -> int:
    """``3``, ``"3"`` or ``W/"3"`` -> 3."""
    match = re.fullmatch(r'\s*(?:W/)?"?(\d{1,18})"?\s*', value)
    if match is None:
        raise InputError(f"If-Match {value!r} is not a version",
                         hint="send the object's version number, e.g. If-Match: 3",
                         path="If-Match")
    return int(match.group(1))


def expected_version(
    if_match: Annotated[str, Header(alias="If-Match", description=IF_MATCH_HELP)],
) -> int:
    return parse_version(if_match)


ExpectedVersion = Annotated[int, Depends(expected_version)]


def versioned(item: Versioned, status: int = 200) -> JSONResponse:
    """The object with its ``version``, and the version again as the ``ETag``."""
    return JSONResponse(item.to_dict(), status_code=status,
                        headers={"ETag": f'"{item.version}"'})
