"""How the kernel and the domain apps link to staff pages (``gongkai.core.links``).

They name an object or a page, never a back-office URL; this module, registered in
``BackofficeConfig.ready``, says which page of ``/office/`` that is.
"""

from __future__ import annotations

from django.urls import reverse

from gongkai.core import links


def _detail(view: str):
    """The page of one object, by its primary key."""
    return lambda obj: reverse(f"backoffice:{view}", args=[obj.pk])


# Model label -> the object's staff page (``links.url_for(obj)``, models' get_absolute_url).
OBJECT_PAGES = {
    "workflow.review": "review_detail",
    "catalog.informationitem": "catalog_item_detail",
    "foi.application": "foi_detail",
    "interaction.letter": "interaction_detail",
    "oversight.course": "oversight_course",
    "oversight.accountabilitycase": "oversight_case",
    "oversight.survey": "oversight_survey",
    "oversight.assessmentround": "oversight_round",
    "opinion.source": "opinion_source",
    "opinion.monitoringplan": "opinion_plan",
    "opinion.event": "opinion_event",
    "opinion.post": "opinion_post",
    "opinion.opinionresponse": "opinion_response_detail",
    "opinion.opinionreport": "opinion_response_report",
    "opinion.decisionriskassessment": "opinion_response_risk",
    "policy.policy": "policy_detail",
    "press.conference": "press_conference_detail",
    "press.spokespersonfiling": "press_filing_detail",
    "press.interview": "press_interview_detail",
}


def _event_response(event) -> str:
    """The response page of an event (the event or its id)."""
    return reverse("backoffice:opinion_response_event", args=[getattr(event, "pk", event)])


def register_links() -> None:
    for label, view in OBJECT_PAGES.items():
        links.register(label, _detail(view))
    # Things whose staff page is their event's response page.
    links.register("opinion.event.response", _event_response)
    links.register("opinion.eventassignment", lambda assignment: _event_response(assignment.event_id))
    links.register("opinion.responseclock", lambda clock: _event_response(clock.event_id))
    links.register("opinion.response.statistics", lambda: reverse("backoffice:opinion_response_statistics"))
    links.register("oversight.rectification", lambda r: reverse("backoffice:oversight_surveys"))
    links.register("oversight.training", lambda: reverse("backoffice:oversight_training"))
    links.register("oversight.cases", lambda: reverse("backoffice:oversight_cases"))
    links.register("oversight.surveys", lambda: reverse("backoffice:oversight_surveys"))
    links.register("catalog.items", lambda: reverse("backoffice:catalog_item_list"))
    # A policy's adoption report and interpretations are handled on the policy's page.
    links.register("policy.adoptionreport", lambda r: reverse("backoffice:policy_detail", args=[r.policy_id]))
    links.register("policy.interpretation", lambda i: reverse("backoffice:policy_detail", args=[i.policy_id]))
    links.register("press.compliance", lambda: reverse("backoffice:press_compliance"))
    links.register("annual.report", lambda r: reverse("backoffice:annual_report", args=[r.agency_id, r.year]))
