"""News release (新闻发布), under /api/v1/press.

Public (no sign-in): ``GET /public/conferences`` (announced, held and published conferences, paginated),
``GET /public/conferences/{id}`` (with the transcript and media links once published),
``GET /public/spokespersons`` (the filed spokespersons and liaisons in office), ``GET /public/interviews``
(with the approved questions and answers) and ``POST /public/interviews/{id}/questions`` (moderated
before display; rate-limited per address, 429).

Staff (signed-in session): ``GET/POST /conferences``, ``GET /conferences/{id}``, ``POST
/conferences/{id}/submit|announce|hold|publish|cancel``; ``GET/POST /filings``, ``POST
/filings/{id}/submit``; ``GET/POST /interviews``, ``POST /interviews/{id}/start|close|publish|cancel``,
``POST /interviews/{id}/questions/{qid}/moderate`` and ``/answer``; ``GET /compliance?year=&quarter=``. Every write goes
through ``gongkai.press.services`` (same rules as the pages: the two-party approval before any
release, permissions of the matrix). Errors as ``{"code", "message", "detail"}``: 401, 403, 404,
409 (``invalid_transition``, ``not_approved``), 422, 429.

The package: ``common`` (the router, error maps, input types and schemas), ``schemas`` (output
schemas and the functions that fill them) and the endpoint modules ``public``, ``conferences``,
``filings``, ``interviews`` and ``compliance``, which register their endpoints on ``router`` when
imported, in the order of the OpenAPI document.
"""

# isort: off
from . import public, conferences, filings, interviews, compliance  # noqa: F401 (importing registers the endpoints, in this order)

# isort: on
from .common import router

__all__ = ["router"]
