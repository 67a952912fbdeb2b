"""Drive an application to any status through the real services (for the table-driven tests)."""

from __future__ import annotations

import datetime as dt

from gongkai.core import clock
from gongkai.foi import services
from gongkai.foi.enums import Action, ConsultationParty, FeeBasis, Status
from gongkai.foi.models import Application
from gongkai.foi.services import ItemInput
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services

from .conftest import register


def T(app, actor, action, **params):
    return services.application_transition(actor=actor, application=app, action=action, inputs=params)


def draft_all(app, actor, reply_type="disclose", **extra):
    decisions = {i.pk: {"reply_type": reply_type, **extra} for i in app.items.all()}
    return T(app, actor, Action.DRAFT, decisions=decisions)


def approve_review(app, reviewer, signer):
    review = review_selectors.review_active_for(app)
    review_services.review_decide(actor=reviewer, review=review, decision="approve", data={"conclusion": "no_secret"})
    review = review_selectors.review_active_for(app)
    review_services.review_decide(actor=signer, review=review, decision="approve")
    return Application.objects.get(pk=app.pk)


class Driver:
    """Brings a fresh application to a status; needs the handler, head, reviewer, signer users."""

    def __init__(self, *, agency, handler, head, reviewer, signer, frozen):
        self.agency, self.handler, self.head, self.reviewer, self.signer, self.frozen = (
            agency,
            handler,
            head,
            reviewer,
            signer,
            frozen,
        )

    def new(self, **overrides) -> Application:
        self.n = getattr(self, "n", 0) + 1
        overrides.setdefault("items", [ItemInput(description=f"第{self.n}份学校布局调整方案", title="布局调整方案")])
        app, _code = register(self.handler, self.agency, **overrides)
        return app

    def reach(self, status: str, **overrides) -> Application:
        h = self.handler
        app = self.new(**overrides)
        if status == Status.RECEIVED:
            return app
        if status in (Status.SUPPLEMENT_REQUESTED, Status.ABANDONED_SUPPLEMENT):
            app = T(app, h, Action.REQUEST_SUPPLEMENT, text="请说明所需文件的名称或文号")
            if status == Status.ABANDONED_SUPPLEMENT:
                self.frozen.advance(days=60)
                app = services.application_transition(
                    actor=None, application=app, action=Action.ABANDON_SUPPLEMENT, system=True
                )
            return app
        if status == Status.TRANSFERRED:
            return T(app, h, Action.TRANSFER, to_name="鄂托克前旗自然资源局，电话 0477-1234567")
        if status == Status.WITHDRAWN:
            return T(app, h, Action.WITHDRAW, reason="申请人电话撤回")
        app = T(app, h, Action.ACCEPT)
        if status == Status.IN_PROGRESS:
            return app
        if status == Status.CONSULTING:
            return T(
                app,
                h,
                Action.CONSULT,
                parties=[{"party_kind": ConsultationParty.THIRD_PARTY, "party_name": "某公司"}],
            )
        if status in (Status.FEE_NOTIFIED, Status.ABANDONED_FEE):
            app = T(app, h, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=50, received_on=clock.today())
            if status == Status.ABANDONED_FEE:
                self.frozen.advance(days=60)
                app = services.application_transition(
                    actor=None, application=app, action=Action.ABANDON_FEE, system=True
                )
            return app
        app = draft_all(app, h)
        if status == Status.DRAFTED:
            return app
        app = T(app, h, Action.SUBMIT_REVIEW)
        if status == Status.UNDER_REVIEW:
            return app
        app = approve_review(app, self.reviewer, self.signer)
        if status == Status.APPROVED:
            return app
        app = T(app, h, Action.SEND)
        if status == Status.SENT:
            return app
        app = T(app, h, Action.DELIVER, method="post", posted_on=clock.today())
        assert status == Status.DELIVERED
        return app


def today() -> dt.date:
    return clock.today()
