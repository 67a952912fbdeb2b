"""The shipped defaults: national rule records, the seed localities' sample profiles, the
regions they refer to and the official holiday calendar 2004–2026 (from ``chinesecalendar``).

Used by the data migration ``0002_defaults`` (with the migration's historical ``apps``) and by
``ensure_seeded()`` (tests and repair after a database flush). Every step is idempotent:
regions are fetched or created by code, a rule record is skipped when one with the same key,
jurisdiction and effective-from date exists, and a calendar year is skipped when entered.

Keep this module compatible with the models as of that migration (plain field names only).
"""

from __future__ import annotations

import datetime as dt
import uuid

D = dt.date

FOI_2007 = "《政府信息公开条例》（2007年，国务院令第492号）"
FOI_2019 = "《政府信息公开条例》（2019年修订，国务院令第711号）"
SEED_DEFAULT_NOTE = "全国无统一规定；取自样例文件，作为全国默认值。各地可另设本地规则。"
LOCAL_NOTE = "样例地方规则（仅适用于发文机关所辖区划）。"
TONGCHUAN = "铜政办发〔2016〕71号 一(二)"
BEIJING = "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）"
MAJOR_DECISIONS = "《重大行政决策程序暂行条例》（国务院令第713号）"

# (code, name, level, parent code): the regions the sample profiles refer to.
REGIONS = [
    ("530000", "云南省", "province", None),
    ("532900", "大理白族自治州", "city", "530000"),
    ("532923", "祥云县", "county", "532900"),
    ("610000", "陕西省", "province", None),
    ("610200", "铜川市", "city", "610000"),
    ("150000", "内蒙古自治区", "province", None),
    ("150600", "鄂尔多斯市", "city", "150000"),
    ("150623", "鄂托克前旗", "county", "150600"),
    ("110000", "北京市", "province", None),
]


def _holidays(*items):
    return {"holidays": list(items)}


def _solar(name, month, day, days):
    return {"name": name, "calendar": "solar", "month": month, "day": day, "days": days}


def _lunar(name, month, day, days, offset=0):
    item = {"name": name, "calendar": "lunar", "month": month, "day": day, "days": days}
    if offset:
        item["offset"] = offset
    return item


QINGMING = {"name": "清明节", "calendar": "solar_term", "term": "清明", "days": 1}

# (key, jurisdiction code or None, value, effective_from, effective_to, citation, note)
RULE_RECORDS = [
    # 依申请公开 ------------------------------------------------------------------------
    ("foi.answer_period", None, 15, D(2008, 5, 1), D(2019, 5, 14), f"{FOI_2007}第二十四条", ""),
    ("foi.answer_period", None, 20, D(2019, 5, 15), None, f"{FOI_2019}第三十三条", ""),
    ("foi.extension_max", None, 15, D(2008, 5, 1), D(2019, 5, 14), f"{FOI_2007}第二十四条", ""),
    ("foi.extension_max", None, 20, D(2019, 5, 15), None, f"{FOI_2019}第三十三条", ""),
    ("foi.extension_max_count", None, 1, D(2008, 5, 1), D(2019, 5, 14), f"{FOI_2007}第二十四条", ""),
    ("foi.extension_max_count", None, 1, D(2019, 5, 15), None, f"{FOI_2019}第三十三条", ""),
    ("foi.supplement_notice_period", None, 7, D(2019, 5, 15), None, f"{FOI_2019}第三十条", ""),
    ("foi.third_party_consultation_period", None, 15, D(2019, 5, 15), None, f"{FOI_2019}第三十二条", ""),
    ("foi.agency_consultation_period", None, 15, D(2019, 5, 15), None, f"{FOI_2019}第三十四条", ""),
    (
        "foi.fee_payment_period",
        None,
        20,
        D(2021, 1, 1),
        None,
        "国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
        "",
    ),
    # 主动公开、决策、公众参与 ------------------------------------------------------------------
    ("disclosure.proactive_period", None, 20, D(2008, 5, 1), D(2019, 5, 14), f"{FOI_2007}第十八条", ""),
    ("disclosure.proactive_period", None, 20, D(2019, 5, 15), None, f"{FOI_2019}第二十六条", ""),
    # Sample profile 铜川市 (seed 002): the issue periods and the consultation minimum are local.
    ("decision.issue_period", "610200", 7, D(2016, 12, 28), None, TONGCHUAN, LOCAL_NOTE),
    ("decision.issue_period_major_revision", "610200", 10, D(2016, 12, 28), None, TONGCHUAN, LOCAL_NOTE),
    ("participation.consultation_min_period", "610200", 7, D(2016, 12, 28), None, TONGCHUAN, LOCAL_NOTE),
    # Major administrative decisions: 30 (calendar) days, nationally, from 2019-09-01.
    (
        "participation.consultation_min_period_major",
        None,
        30,
        D(2019, 9, 1),
        None,
        f"{MAJOR_DECISIONS}第十五条",
        "征求意见期限一般不少于30日；因情况紧急等原因需要缩短期限的，应当在公开征求意见时予以说明。",
    ),
    # 政务舆情 ----------------------------------------------------------------------------------
    ("opinion.response_ordinary", None, 48, D(2016, 8, 12), None, "国办发〔2016〕61号 三", ""),
    ("opinion.press_conference_major", None, 24, D(2016, 8, 12), None, "国办发〔2016〕61号 三", ""),
    ("opinion.first_release_major", None, 5, D(2016, 11, 10), None, "国办发〔2016〕80号 三(四)", ""),
    # Sample profile 祥云县 (seed 001): ordinary opinion answered within 36 h, not 48 h.
    (
        "opinion.response_ordinary",
        "532923",
        36,
        D(2019, 7, 2),
        None,
        "祥政办通〔2019〕54号 六(十四)",
        "样例地方规则：严于全国 48 小时的规定。",
    ),
    (
        "opinion.press_conference_major",
        "532923",
        24,
        D(2019, 7, 2),
        None,
        "祥政办通〔2019〕54号 六(十四)",
        "样例地方规则。",
    ),
    (
        "opinion.first_release_major",
        "532923",
        4,
        D(2019, 7, 2),
        None,
        "祥政办通〔2019〕54号 五(十)",
        "样例地方规则：文件要求“抓好黄金4小时第一时间回应”，严于全国 5 小时的规定。",
    ),
    # Sample profile 铜川市 (seed 002).
    (
        "opinion.first_release_major",
        "610200",
        5,
        D(2016, 12, 28),
        None,
        "铜政办发〔2016〕71号 三(四)",
        "样例地方规则。",
    ),
    (
        "opinion.press_conference_major",
        "610200",
        24,
        D(2016, 12, 28),
        None,
        "铜政办发〔2016〕71号 三(四)",
        "样例地方规则。",
    ),
    # 人员、新媒体、新闻发布 ------------------------------------------------------------------------
    # Sample profile 鄂托克前旗 (seed 004, 鄂前政办发〔2018〕96号 of 2018-11-05).
    ("training.min_class_hours", "150623", 2, D(2018, 11, 5), None, "鄂前政办发〔2018〕96号 附件5 第七条", LOCAL_NOTE),
    # Sample profile 北京市 (seed 003). Seed 000 第2条 sets the same press frequencies for its province.
    ("newmedia.min_gov_info_share", "110000", 60, D(2014, 2, 19), None, f"{BEIJING}一(三)", LOCAL_NOTE),
    ("press.min_conferences_per_quarter", "110000", 1, D(2014, 2, 19), None, f"{BEIJING}一(一)", LOCAL_NOTE),
    ("press.head_attendance_per_year", "110000", 1, D(2014, 2, 19), None, f"{BEIJING}一(一)", LOCAL_NOTE),
    ("press.spokesperson_attendance_per_quarter", "110000", 1, D(2014, 2, 19), None, f"{BEIJING}一(一)", LOCAL_NOTE),
    (
        "press.online_interviews_government_per_year",
        None,
        1,
        D(2014, 1, 1),
        None,
        "样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）第5条",
        SEED_DEFAULT_NOTE + "原文件日期不详，生效日期取 2014-01-01。",
    ),
    (
        "press.online_interviews_department_per_year",
        None,
        2,
        D(2014, 1, 1),
        None,
        "样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）第5条",
        SEED_DEFAULT_NOTE + "原文件日期不详，生效日期取 2014-01-01。",
    ),
    # 年度报告 ----------------------------------------------------------------------------------
    (
        "annual_report.due_department",
        None,
        {"month": 3, "day": 31},
        D(2008, 5, 1),
        D(2019, 5, 14),
        f"{FOI_2007}第三十一条",
        "",
    ),
    ("annual_report.due_department", None, {"month": 1, "day": 31}, D(2019, 5, 15), None, f"{FOI_2019}第四十九条", ""),
    (
        "annual_report.due_government",
        None,
        {"month": 3, "day": 31},
        D(2008, 5, 1),
        D(2019, 5, 14),
        f"{FOI_2007}第三十一条",
        "",
    ),
    ("annual_report.due_government", None, {"month": 3, "day": 31}, D(2019, 5, 15), None, f"{FOI_2019}第四十九条", ""),
    (
        "annual_report.format",
        None,
        {"code": "2019_trial", "name": "2019年试行格式（适用于2019、2020年度报告）"},
        D(2019, 1, 1),
        D(2020, 12, 31),
        "国办公开办函〔2019〕60号",
        "按报告所属年度的 1 月 1 日查询。",
    ),
    (
        "annual_report.format",
        None,
        {"code": "2021", "name": "2021年格式（适用于2021年度及以后的报告）"},
        D(2021, 1, 1),
        None,
        "国办公开办函〔2021〕30号",
        "按报告所属年度的 1 月 1 日查询。",
    ),
    # 索引号 ----------------------------------------------------------------------------------
    (
        "catalog.index_number_format",
        None,
        {
            "code": "national",
            "name": "组织机构代码/年份-流水号",
            "pattern": "{org_code}/{year}-{seq:05d}",
            "example": "000014349/2018-01705",
        },
        D(2008, 5, 1),
        None,
        "《政府信息公开目录系统实施指引（试行）》",
        "样例：鄂前政办发〔2018〕96号 的索引号 000014349/2018-01705。",
    ),
    # 法定节日（无正式放假安排年份的推算依据） ------------------------------------------------------------
    (
        "calendar.statutory_holidays",
        None,
        _holidays(
            _solar("元旦", 1, 1, 1), _lunar("春节", 1, 1, 3), _solar("劳动节", 5, 1, 1), _solar("国庆节", 10, 1, 2)
        ),
        D(1990, 1, 1),
        D(1999, 9, 17),
        "《全国年节及纪念日放假办法》（1949年12月23日政务院发布）",
        "",
    ),
    (
        "calendar.statutory_holidays",
        None,
        _holidays(
            _solar("元旦", 1, 1, 1), _lunar("春节", 1, 1, 3), _solar("劳动节", 5, 1, 3), _solar("国庆节", 10, 1, 3)
        ),
        D(1999, 9, 18),
        D(2007, 12, 31),
        "《全国年节及纪念日放假办法》（1999年修订，国务院令第270号）第二条",
        "",
    ),
    (
        "calendar.statutory_holidays",
        None,
        _holidays(
            _solar("元旦", 1, 1, 1),
            _lunar("春节", 1, 1, 3, offset=-1),
            QINGMING,
            _solar("劳动节", 5, 1, 1),
            _lunar("端午节", 5, 5, 1),
            _lunar("中秋节", 8, 15, 1),
            _solar("国庆节", 10, 1, 3),
        ),
        D(2008, 1, 1),
        D(2013, 12, 31),
        "《全国年节及纪念日放假办法》（2007年修订，国务院令第513号）第二条",
        "春节放假为农历除夕、正月初一、初二。",
    ),
    (
        "calendar.statutory_holidays",
        None,
        _holidays(
            _solar("元旦", 1, 1, 1),
            _lunar("春节", 1, 1, 3),
            QINGMING,
            _solar("劳动节", 5, 1, 1),
            _lunar("端午节", 5, 5, 1),
            _lunar("中秋节", 8, 15, 1),
            _solar("国庆节", 10, 1, 3),
        ),
        D(2014, 1, 1),
        D(2024, 12, 31),
        "《全国年节及纪念日放假办法》（2013年修订，国务院令第644号）第二条",
        "春节放假为农历正月初一、初二、初三。",
    ),
    (
        "calendar.statutory_holidays",
        None,
        _holidays(
            _solar("元旦", 1, 1, 1),
            _lunar("春节", 1, 1, 4, offset=-1),
            QINGMING,
            _solar("劳动节", 5, 1, 2),
            _lunar("端午节", 5, 5, 1),
            _lunar("中秋节", 8, 15, 1),
            _solar("国庆节", 10, 1, 3),
        ),
        D(2025, 1, 1),
        None,
        "《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）第二条",
        "春节放假为农历除夕、正月初一至初三；劳动节放假为5月1日、2日。",
    ),
    # 期限提醒（平台设置，不是法定数字） -----------------------------------------------------------------
    ("deadline.due_soon_working_days", None, 3, D(1990, 1, 1), None, "系统默认设置", "非法定数字，可按需调整。"),
    ("deadline.due_soon_hours_percent", None, 25, D(1990, 1, 1), None, "系统默认设置", "非法定数字，可按需调整。"),
]

SEED_CALENDAR_YEARS = range(2004, 2027)  # 2004–2026: what chinesecalendar ships officially


def seed_regions(apps) -> dict:
    Region = apps.get_model("orgs", "Region")
    regions: dict = {}
    for code, name, level, parent_code in REGIONS:
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": regions.get(parent_code)}
        )
        regions[code] = region
    return regions


def seed_rule_records(apps, regions: dict) -> int:
    from .defaults import create_missing

    Region = apps.get_model("orgs", "Region")
    RuleRecord = apps.get_model("rules", "RuleRecord")
    created = 0
    for key, code, value, start, end, citation, note in RULE_RECORDS:
        region = None
        if code is not None:
            region = regions.get(code) or Region.objects.get(code=code)
        created += create_missing(
            RuleRecord, key=key, jurisdiction=region, value=value, start=start, end=end, citation=citation, note=note
        )
    return created


def seed_calendar(apps) -> int:
    """Official holidays and make-up days 2004–2026 from chinesecalendar; returns the years added."""
    import chinese_calendar
    from chinese_calendar import constants

    CalendarYear = apps.get_model("rules", "CalendarYear")
    CalendarDay = apps.get_model("rules", "CalendarDay")
    source = f"chinesecalendar {chinese_calendar.__version__}"
    # The official notices say 清明节, 端午节, 中秋节; chinesecalendar's short names lack the 节.
    full = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
    names = {h.value: full.get(h.chinese, h.chinese) for h in constants.Holiday}
    entered = set(CalendarYear.objects.values_list("year", flat=True))
    years = [y for y in SEED_CALENDAR_YEARS if y not in entered]
    rows = []
    for day, holiday in sorted(constants.holidays.items()):
        if day.year in years:
            rows.append(CalendarDay(date=day, kind="holiday", name=names.get(holiday, holiday), source=source))
    for day, holiday in sorted(constants.workdays.items()):
        if day.year in years:
            name = names.get(holiday, holiday)
            rows.append(CalendarDay(date=day, kind="workday", name=f"{name}调休上班", source=source))
    CalendarDay.objects.filter(region__isnull=True, date__year__in=years).delete()
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    for year in years:
        CalendarYear.objects.create(
            year=year,
            status="official",
            citation=f"国务院办公厅关于{year}年部分节假日安排的通知（数据来源：{source}）",
        )
    return len(years)


def bump_state(apps) -> None:
    CalendarState = apps.get_model("rules", "CalendarState")
    state = CalendarState.objects.order_by("pk").first()
    if state is None:
        CalendarState.objects.create(version=1, token=uuid.uuid4().hex)
    else:
        state.version += 1
        state.token = uuid.uuid4().hex
        state.save()


def seed_all(apps, schema_editor=None) -> None:
    regions = seed_regions(apps)
    seed_rule_records(apps, regions)
    seed_calendar(apps)
    bump_state(apps)


def is_seeded() -> bool:
    from .models import CalendarYear, RuleRecord

    return (
        CalendarYear.objects.filter(year__in=SEED_CALENDAR_YEARS).count() == len(SEED_CALENDAR_YEARS)
        and RuleRecord.objects.filter(key="foi.answer_period").exists()
    )


def ensure_seeded() -> bool:
    """Restore the shipped defaults if they are missing (e.g. after a test flushed the tables).

    Returns True when something had to be restored. Cheap when nothing is missing.
    """
    if is_seeded():
        return False
    from django.apps import apps as django_apps
    from django.db import transaction

    with transaction.atomic():
        seed_all(django_apps)
    from .workdays import invalidate_cache

    invalidate_cache()
    return True
