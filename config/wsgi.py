import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import the URLconf and with it every view (and the search's normaliser) now, in each worker
# at start-up, not on the first request: the first search after a start waited seconds for
# them (issue 9). Only the WSGI server imports this module; tests and commands do not.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - loads the URLconf
