"""Load the demo jurisdiction, accounts and each app's demo content (idempotent).

The loaders run in the order of ``settings.DEMO_LOADERS`` (organisations first); each returns
a dict of counts of the rows it created, so a second run reports nothing new.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from gongkai.orgs.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Load the demo jurisdiction (鄂托克前旗 and the sample localities), the demo accounts and demo content."

    def handle(self, *args, **options):
        created: dict[str, int] = {}
        for path in settings.DEMO_LOADERS:
            for name, count in import_string(path)().items():
                created[name] = created.get(name, 0) + count
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{name} +{count}" for name, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({summary})."))
            self.stdout.write("demo accounts (user, password, role):")
            for username, password, description in DEMO_ACCOUNTS:
                self.stdout.write(f"  {username:<16} {password:<16} {description}")
