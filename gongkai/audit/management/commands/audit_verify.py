from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.checkpoints import checkpoint_file, verify_and_checkpoint
from gongkai.core.dbcheck import friendly_database_errors


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log and its signed checkpoints (table and file); "
        "exit non-zero at the first problem, and anchor the head when all holds."
    )

    def handle(self, *args, **options):
        with friendly_database_errors():
            result = verify_and_checkpoint()
        if not result.ok:
            where = f"第一处问题在序号 {result.broken_seq}" if result.broken_seq else "发现问题"
            raise CommandError(f"审计链校验失败：{where}（{result.reason}）；此前已校验 {result.checked} 条。")
        self.stdout.write(
            self.style.SUCCESS(
                f"审计链完好：共校验 {result.checked} 条记录、{result.anchors_checked} 个锚点；"
                f"已记录链头锚点（锚点文件：{checkpoint_file()}）。"
            )
        )
