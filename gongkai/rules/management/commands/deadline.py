"""``manage.py deadline --start 2026-11-23 --working-days 20 [--hours N] [--jurisdiction CODE] [--rule KEY] [--json]``."""

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.dbcheck import friendly_database_errors
from gongkai.core.errors import DomainError
from gongkai.rules.calculator import deadline_calculate


class Command(BaseCommand):
    help = "计算期限的到期日（工作日或小时），并说明依据和跳过的日期。"

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="起算日期 YYYY-MM-DD（或 YYYY-MM-DDTHH:MM）")
        parser.add_argument("--working-days", dest="working_days", help="工作日数（开始当日不计入）")
        parser.add_argument("--hours", help="小时数（按自然时间连续计算）")
        parser.add_argument("--jurisdiction", help="适用区划代码，如 532923")
        parser.add_argument("--rule", help="规则键，如 foi.answer_period；不填期限时按起算日有效的规则取值")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **opts):
        with friendly_database_errors():
            try:
                result = deadline_calculate(
                    start=opts["start"],
                    working_days=opts.get("working_days"),
                    hours=opts.get("hours"),
                    jurisdiction=opts.get("jurisdiction") or None,
                    rule_key=opts.get("rule") or None,
                )
            except DomainError as exc:
                raise CommandError(exc.message) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        status = "暂定" if result["provisional"] else "正式"
        due = result["due"] if result["unit"] != "hours" else result["due_at"][:16].replace("T", " ")
        self.stdout.write(f"到期：{due}（{status}）")
        if result["citation"]:
            self.stdout.write(f"依据：{result['citation']}")
        for line in result["explanation"]:
            self.stdout.write(line)
