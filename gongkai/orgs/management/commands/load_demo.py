"""Load the demo jurisdiction and accounts (idempotent: a second run creates nothing)."""

from django.core.management.base import BaseCommand

from gongkai.orgs.demo import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Load the demo jurisdiction (鄂托克前旗 and the sample localities) and the demo accounts."

    def handle(self, *args, **options):
        created = load_demo()
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{name} +{count}" for name, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({summary})."))
            for username, password, description in DEMO_ACCOUNTS:
                self.stdout.write(f"  {username:<14} {password:<14} {description}")
