"""Public-opinion response (政务舆情回应), under /api/v1/opinion/response.

Staff only (signed-in session, as the back-office pages). Every write calls
``gongkai.opinion.response.services`` and every read ``gongkai.opinion.response.selectors``; who may
do what is decided there and in ``gongkai.opinion.response.permissions``, as for the pages.

- ``GET  /assignments`` — the assignments of the units where the user is staff (``status`` filter,
  paginated), with the event's id, title and level, the role, status and claim.
- ``POST /assignments/{id}/claim`` — the receiving unit's own staff claims the event.
- ``GET  /events/{id}/clocks`` — the event's response clocks: obligation, rule key, hours, start,
  due, stop, outcome, overdue flag and the text the pages show (e.g. 已在4小时内回应（用时 …）).
- ``GET  /events/{id}/responses``, ``POST /events/{id}/responses`` (a draft: ``kind``, ``title``,
  ``body``, ``public_event_title``, ``held_at`` / ``place`` / ``speakers`` for press conferences,
  briefings and interviews, ``agency`` — one of the user's units of the event, by default the first).
- ``GET /responses/{id}``, ``PATCH /responses/{id}`` (a draft or returned response; only the fields
  sent change), ``POST /responses/{id}/submit`` and ``/resubmit`` (optional ``comment``),
  ``POST /responses/{id}/withdraw`` (``reason`` required; the unit's administrator).
- ``POST /events/{id}/rumour-leads``, ``/feedback``, ``/meetings`` — the fields of the pages' forms.
- ``POST /events/{id}/route`` — a coordinator's manual routing (``lead``, ``co_handlers``, ``reason``;
  without ``lead`` the routing rules are applied again); answers the event's assignments.

As on the pages: an event, assignment or response the user cannot see is 404; one the user sees
but may not act on is 403 (claiming for another unit, drafting without a unit of the event,
routing without being a coordinator). Units sent by id must be among the page's choices (the
user's units of the event; the jurisdiction's agencies for routing, lead recipients and meeting
participants). Errors as ``{"code", "message", "detail"}``: ``not_authenticated`` (401),
``permission_denied`` (403), ``not_found`` (404), ``invalid_transition`` (409, e.g. claiming twice
or drafting before the claim), ``validation_failed`` (422). Nothing is written when a call fails.

The package: ``common`` (the router, error maps, input types, shared lookups), ``schemas`` (output
schemas and the functions that fill them) and the endpoint modules ``events`` (assignments, routing,
clocks), ``responses`` and ``records`` (rumour leads, feedback, meetings), which register their
endpoints on ``router`` when imported, in the order of the OpenAPI document.
"""

# isort: off
from . import events, responses, records  # noqa: F401 (importing registers the endpoints, in this order)

# isort: on
from .common import router

__all__ = ["router"]
