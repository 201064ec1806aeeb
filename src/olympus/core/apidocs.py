"""The interactive API documentation (Swagger UI at /docs, ReDoc at /redoc) served from
assets shipped inside the package, so it works in an installation with no internet access,
and the small home page at `/`."""

from html import escape
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import HTMLResponse, JSONResponse
from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent.parent / "static" / "docs"
ASSETS_URL = "/static/docs"
OPENAPI_URL = "/openapi.json"


def install_openapi_route(app: FastAPI, url: str) -> None:
    """The schema as an ordinary route (so requests for it are labelled in the metrics)."""

    @app.get(url, include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())


def install_api_docs(app: FastAPI, *, title: str, openapi_url: str) -> None:
    """/docs, /redoc and their assets under /static/docs, none of them in the schema."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="api-docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} (Swagger UI)",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            swagger_ui_parameters={"persistAuthorization": True},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} (ReDoc)",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            with_google_fonts=False,
        )


def install_home_page(app: FastAPI, *, title: str, version: str, docs: bool) -> None:
    """`GET /`: what this service is, its version and where to go next."""
    links = [("/health", "Liveness"), ("/ready", "Readiness"), ("/metrics", "Metrics")]
    if docs:
        links = [("/docs", "API documentation (Swagger UI)"), ("/redoc", "API reference (ReDoc)"),
                 ("/openapi.json", "OpenAPI schema"), *links]  # fmt: skip
    items = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in links)
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1><p>Version {escape(version)}</p><ul>{items}</ul>"
        "<p>The API lives under <code>/api/v1</code>.</p></body></html>"
    )

    @app.get("/", include_in_schema=False)
    async def home() -> HTMLResponse:
        return HTMLResponse(page)
