from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.chain import verify_chain
from gongkai.core.dbcheck import friendly_database_errors


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit non-zero at the first broken link."

    def handle(self, *args, **options):
        with friendly_database_errors():
            result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计链校验失败：第一处断裂在序号 {result.broken_seq}（{result.reason}）；此前已校验 {result.checked} 条。"
            )
        self.stdout.write(self.style.SUCCESS(f"审计链完好：共校验 {result.checked} 条记录。"))
