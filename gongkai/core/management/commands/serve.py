"""Set up and run the whole platform on one machine (the embedded default).

Migrates the database, loads the demo jurisdiction (idempotent), collects static
files, starts gunicorn, and runs the periodic jobs in this process.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core import periodic

# gunicorn's maximum request line (method + target + version). Targets longer than
# settings.MAX_URI_LENGTH reach Django and get its Chinese 414 page; longer request lines than
# this get the Chinese page of gongkai.core.gunicorn_worker.
GUNICORN_LIMIT_REQUEST_LINE = 8190

# Seconds an idle keep-alive connection stays open (gunicorn's default is 2). A citizen reading a
# result page for longer than that found the connection closed under the next click; load tests
# with think time counted those as read errors. The thread worker parks idle connections in its
# poller, not in a thread, so a longer wait costs a socket, not a worker.
GUNICORN_KEEP_ALIVE = 15


def gunicorn_command(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gongkai.core.gunicorn_worker.ChineseErrorsThreadWorker",
        "--limit-request-line",
        str(GUNICORN_LIMIT_REQUEST_LINE),
        "--keep-alive",
        str(GUNICORN_KEEP_ALIVE),
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]


class Command(BaseCommand):
    help = "Migrate, load demo data, collect static files and serve with gunicorn plus periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo jurisdiction")

    def handle(self, *args, host, port, workers, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        demo = io.StringIO()
        if not no_demo:
            # The demo belongs to the apps above core: load_demo loads it and lists its accounts
            # (core imports no app above it; see docs/architecture.md).
            call_command("load_demo", verbosity=1, stdout=demo, no_color=True)
        call_command("collectstatic", interactive=False, verbosity=0)

        server = subprocess.Popen(
            gunicorn_command(host=host, port=port, workers=workers),
            env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")},
        )
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nGongkai 公开 is running at {url}"))
        self.stdout.write(f"  public portal: {url}\n  back office:   {url}office/\n  API docs:      {url}api/v1/docs")
        if demo.getvalue():
            self.stdout.write("".join(f"  {line}\n" for line in demo.getvalue().splitlines()), ending="")
        broker = settings.CELERY_BROKER_URL or "none (tasks and periodic jobs run in this process)"
        self.stdout.write(f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; broker: {broker}")
        self.stdout.write("Press Ctrl+C to stop.\n")
        sys.stdout.flush()

        stop = threading.Event()
        if not settings.CELERY_BROKER_URL:
            threading.Thread(target=periodic.run_forever, args=(stop,), daemon=True, name="periodic").start()

        def _terminate(signum, frame):
            stop.set()
            server.terminate()

        signal.signal(signal.SIGTERM, _terminate)
        try:
            server.wait()
        except KeyboardInterrupt:
            _terminate(None, None)
            server.wait(timeout=10)
        finally:
            stop.set()
