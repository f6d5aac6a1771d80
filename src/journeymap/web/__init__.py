"""The web app: FastAPI, server-rendered Jinja2 pages, vendored htmx and SortableJS.

Thin by design: every route calls the workbench and renders what it returns.
"""

from journeymap.web.app import create_app

__all__ = ["create_app"]
