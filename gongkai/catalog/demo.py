"""Demo content: the five seed documents as published items of their agencies.

Each goes through the real pre-publication review (section → disclosure office → leader), so the
demo obeys the same invariant as real data (SPEC R3.1). The reviews are decided by service
accounts (``demo-*``, no usable password) that exist only to load this content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, RoleAssignment, User
from gongkai.workflow.enums import Decision
from gongkai.workflow.registry import government_of
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import services
from .ingest import extract_from_text
from .models import Category, DisclosureGuide, InformationItem

DATA_DIR = Path(__file__).resolve().parent / "demo_data"


@dataclass(frozen=True)
class DemoItem:
    file: str
    agency: str
    category: str = "02"
    five: str = ""
    # Only where the document itself does not say (the description says so):
    title: str | None = None
    produced_on: dt.date | None = None
    note: str = ""


DEMO_ITEMS = [
    DemoItem("004_78ac50245f7d05e6.txt", "鄂托克前旗人民政府办公室", five="management"),
    DemoItem("001_ba6009ecd914febe.txt", "祥云县人民政府办公室", five="management"),
    DemoItem("002_328464e2a429c4d0.txt", "铜川市人民政府办公室", five="management"),
    DemoItem(
        "003_790fa582f60ec817.txt",
        "北京市人民政府办公厅",
        title="北京市人民政府办公厅关于进一步加强本市政府信息公开工作的通知",
        note="原文未载标题，标题据正文“现就进一步加强本市政府信息公开工作通知如下”拟定。",
    ),
    DemoItem(
        "000_0c725db5c536e129.txt",
        "样本省人民政府办公厅",
        title="关于进一步加强政府信息公开回应社会关切提升政府公信力的实施意见",
        produced_on=dt.date(2014, 1, 1),
        note="原文为繁体字且未载明发文机关、标题和日期：标题据正文及国办发〔2013〕100号拟定，产生时间为推定。",
    ),
]

SERVICE_ACCOUNTS = {
    "demo-author": (Role.UNIT_ADMIN, "issuer"),
    "demo-section": (Role.SECTION_HEAD, "issuer"),
    "demo-office": (Role.DISCLOSURE_OFFICE_STAFF, "government"),
    "demo-leader": (Role.LEADER, "government"),
}

DEMO_GUIDE = {
    "how_to_obtain": "主动公开的信息可通过本网站、政府公报、政务服务中心查阅点获取；"
    "未主动公开的信息，可通过本网站“依申请公开”栏目在线提交申请，或以信函、传真、当面等方式提出申请。",
    "office_name": "鄂托克前旗人民政府办公室政务公开办（演示数据）",
    "address": "内蒙古自治区鄂尔多斯市鄂托克前旗敖勒召其镇（演示地址）",
    "hours": "工作日 上午 8:30–12:00，下午 14:30–18:00（法定节假日除外）",
    "phone": "0477-0000000（演示号码）",
    "fax": "0477-0000001（演示号码）",
    "online": "本网站“依申请公开”栏目",
    "postcode": "016200",
}


def _account(username: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": "演示数据导入（系统账户）", "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _grant(user: User, role: str, agency: Agency) -> None:
    from gongkai.orgs.permissions import clear_cache

    _, created = RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency, section=None)
    if created:
        clear_cache(user)


def _publish(spec: DemoItem, accounts: dict[str, User]) -> InformationItem | None:
    agency = Agency.objects.filter(name=spec.agency).select_related("region").first()
    if agency is None:
        return None
    text = (DATA_DIR / spec.file).read_text(encoding="utf-8")
    doc = extract_from_text(text)
    title = spec.title or doc.title
    if InformationItem.objects.filter(agency=agency, title=title).exists():
        return None
    government = government_of(agency)
    for username, (role, where) in SERVICE_ACCOUNTS.items():
        _grant(accounts[username], role, agency if where == "issuer" else government)
    description = "；".join(filter(None, [f"演示数据：种子文件 {spec.file[:3]}", spec.note]))
    meta = {
        "seed": spec.file,
        "source_index_number": doc.source_index_number,
        "publishing_agency": doc.publishing_agency,
        "warnings": doc.warnings,
    }
    item = services.item_create(
        actor=accounts["demo-author"],
        agency=agency,
        source_format="text",
        source_meta={k: v for k, v in meta.items() if v},
        title=title,
        document_number=doc.document_number or "",
        produced_on=spec.produced_on or doc.signing_date or doc.source_date,
        keywords=" ".join(doc.keywords) or "政务公开",
        category=Category.objects.get(code=spec.category),
        five_disclosure=spec.five,
        description=description,
        body_html=doc.body_html,
    )
    services.item_submit(actor=accounts["demo-author"], item=item)
    review = review_active_for(item)
    review_decide(actor=accounts["demo-section"], review=review, decision=Decision.APPROVE)
    review_decide(
        actor=accounts["demo-office"], review=review, decision=Decision.APPROVE, data={"conclusion": "public"}
    )
    review_decide(actor=accounts["demo-leader"], review=review, decision=Decision.APPROVE)
    item.refresh_from_db()
    return item


def load_demo_items() -> dict[str, int]:
    created = {"items": 0, "guides": 0}
    with transaction.atomic():
        accounts = {name: _account(name) for name in SERVICE_ACCOUNTS}
        for spec in DEMO_ITEMS:
            if _publish(spec, accounts) is not None:
                created["items"] += 1
        for name in ("鄂托克前旗人民政府", "鄂托克前旗人民政府办公室"):
            agency = Agency.objects.filter(name=name).first()
            if agency is not None and not DisclosureGuide.objects.filter(agency=agency).exists():
                DisclosureGuide.objects.create(agency=agency, **DEMO_GUIDE)
                created["guides"] += 1
    return created
