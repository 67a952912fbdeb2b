"""The actions on an application, one spec each (``gongkai.workflow.actions``).

Each spec says who may take the action (a row of the permission matrix), which typed inputs it
takes, the page form that collects them, its heading, button and help; the states it is allowed
from and leads to come from ``transitions.TRANSITIONS``. The service
(``services.application_transition``), the case page (back office), its template and the API read
``registry``; adding an action means adding its row to the table, its member to ``enums.Action``,
its step in the service and its spec here.

Statutory periods in the help texts are read from the rule records (``rules.py``), never written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gongkai.rules import selectors as rule_selectors
from gongkai.workflow.actions import ActionRegistry, ActionSpec, field

from . import action_forms as forms
from . import selectors
from .enums import Action
from .transitions import TRANSITIONS

HANDLE = ("foi.application", "handle")
APPROVE = ("foi.application", "approve")
DENIED_HANDLE = "您无权办理该申请。"

# --- typed inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptInput:
    handler: Any = field(label="经办人")  # a user who may handle the application; None: the actor


@dataclass(frozen=True)
class RequestSupplementInput:
    text: str = field(label="需要补正的事项", required=True, max_length=4000)


@dataclass(frozen=True)
class SupplementInput:
    text: str = field(label="补正内容", required=True, max_length=4000)
    received_on: dt.date | None = field(label="收到补正日期")  # staff only; the applicant's is today
    attachments: list = field(label="补正材料", default_factory=list)  # [(file name, bytes)]


@dataclass(frozen=True)
class ConsultInput:
    # [{"party_kind", "party_name", "party_agency" (an Agency or None), "question"}]
    parties: list = field(label="征求意见的对象", default_factory=list)


@dataclass(frozen=True)
class ExtendInput:
    reason: str = field(label="延长答复期限的理由", required=True, max_length=300)


@dataclass(frozen=True)
class FeeNoticeInput:
    basis: str = field(label="计收方式")
    units: int | None = field(label="件数或页数")
    received_on: dt.date | None = field(label="申请人收到收费通知日期")


@dataclass(frozen=True)
class FeePaidInput:
    note: str = field(label="缴费说明", max_length=300)


@dataclass(frozen=True)
class DraftInput:
    decisions: dict = field(label="逐项答复", default_factory=dict)  # {item pk: {"reply_type", ...}}
    summary: str = field(label="答复要点", max_length=4000)


@dataclass(frozen=True)
class CommentInput:
    comment: str = field(label="说明", max_length=2000)


@dataclass(frozen=True)
class SendInput:
    attachments: list = field(label="告知书附件", default_factory=list)  # [(file name, bytes)]


@dataclass(frozen=True)
class DeliverInput:
    method: str = field(label="送达方式")
    # Parsed by the step: the date's name depends on the method (签收日期 / 送达日期).
    posted_on: Any = field(label="交邮日期")
    delivered_on: Any = field(label="送达日期")
    note: str = field(label="送达说明", max_length=300)


@dataclass(frozen=True)
class TransferInput:
    to_agency: Any = field(label="有权机关")  # an Agency on the platform, or None
    to_name: str = field(label="有权机关", max_length=300)
    forward: bool = field(label="转送", default=False)


@dataclass(frozen=True)
class WithdrawInput:
    reason: str = field(label="撤回理由", max_length=500)  # required from staff (checked by the step)


# --- help texts from the rule records ------------------------------------------------------------


def _supplement_help(app) -> str:
    end = rule_selectors.rule_period_end("foi.supplement_notice_period", app.agency.region, app.receipt_date)
    if end is None:
        return "一次性告知需要补正的事项。"
    return (
        f"一次性告知，应自收到申请之日起 {end.rule.value} 个工作日内（至 {end.due_date.isoformat()}）告知"
        f"（依据：{end.rule.citation}）。"
    )


def _fee_help(app) -> str:
    return "应在答复期限内发出。申请人选择现场查阅、抄录的，不适用按量计收（国办函〔2020〕109号第五条）。"


# --- the registry ---------------------------------------------------------------------------------

registry = ActionRegistry(TRANSITIONS)


def _when(action: str):
    return lambda app: selectors.state_allows(app, action)


def _spec(action: Action, **options) -> ActionSpec:
    options.setdefault("permission", HANDLE)
    options.setdefault("denied", DENIED_HANDLE)
    return registry.register(ActionSpec(name=action.value, label=action.label, **options))


_spec(Action.ACCEPT, form=forms.AcceptForm, inputs=AcceptInput, submit_label="开始办理")
_spec(
    Action.REQUEST_SUPPLEMENT,
    title="告知补正（一次性告知）",
    inputs=RequestSupplementInput,
    form=forms.RequestSupplementForm,
    help=_supplement_help,
    when=_when(Action.REQUEST_SUPPLEMENT),
)
_spec(Action.SUPPLEMENT, title="登记收到补正", inputs=SupplementInput, form=forms.SupplementForm)
# Ended by the sweep when the applicant's period has passed; not offered as a button.
_spec(Action.ABANDON_SUPPLEMENT, offered=False)
_spec(Action.CONSULT, title="征求第三方或其他机关意见（暂停计时）", inputs=ConsultInput, form=forms.ConsultForm)
# Ended when the last consulted party has answered or lapsed; not offered as a button.
_spec(Action.END_CONSULTATION, offered=False)
_spec(
    Action.EXTEND,
    permission=APPROVE,
    denied="延长答复期限须经政府信息公开工作机构负责人（政务公开办负责人）同意，您无权批准。",
    title="批准延长答复期限",
    submit_label="批准延期",
    inputs=ExtendInput,
    form=forms.ExtendForm,
    when=_when(Action.EXTEND),
)
_spec(
    Action.FEE_NOTICE,
    title="发出收费通知（国办函〔2020〕109号）",
    inputs=FeeNoticeInput,
    form=forms.FeeNoticeForm,
    help=_fee_help,
    when=_when(Action.FEE_NOTICE),
)
_spec(Action.FEE_PAID, inputs=FeePaidInput, form=forms.FeePaidForm)
_spec(Action.ABANDON_FEE, offered=False)
# Drafted item by item on a page of its own (no form here).
_spec(Action.DRAFT, inputs=DraftInput)
_spec(Action.REOPEN, danger=True)
_spec(Action.SUBMIT_REVIEW, submit_label="提交审查", inputs=CommentInput, form=forms.SubmitReviewForm)
# Taken by the confidentiality review's hooks only.
_spec(Action.REVIEW_APPROVED, permission=None, offered=False)
_spec(Action.REVIEW_RETURNED, permission=None, offered=False, inputs=CommentInput)
_spec(Action.SEND, title="发出答复（生成告知书）", submit_label="发出答复", inputs=SendInput, form=forms.SendForm)
_spec(Action.DELIVER, inputs=DeliverInput, form=forms.DeliverForm)
_spec(Action.TRANSFER, inputs=TransferInput, form=forms.TransferForm)
_spec(Action.WITHDRAW, danger=True, inputs=WithdrawInput, form=forms.WithdrawForm)


def available(app, user) -> list[ActionSpec]:
    """The actions offered to ``user`` on the case page now."""
    return registry.available(app, user)


def available_names(app, user) -> list[str]:
    return [spec.name for spec in registry.available(app, user)]
