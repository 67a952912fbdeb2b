from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.orgs.matrix import render_markdown


class Command(BaseCommand):
    help = "Print the permission matrix (gongkai/orgs/matrix.py) as Markdown; --write updates docs/permissions.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="write docs/permissions.md instead of printing")

    def handle(self, *args, **options):
        text = render_markdown()
        if not options["write"]:
            self.stdout.write(text, ending="")
            return
        path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}"))
