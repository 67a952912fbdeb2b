"""System checks of the FOI app."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def data_key_check(app_configs, **kwargs):
    """(manage.py check --deploy) Production must set GONGKAI_DATA_KEY; the embedded default uses a key file."""
    if getattr(settings, "GONGKAI_DATA_KEY", "") or settings.DEBUG:
        return []
    return [
        Warning(
            "GONGKAI_DATA_KEY is not set: applicants' personal data is encrypted with the key file "
            "VAR_DIR/data-key. Set GONGKAI_DATA_KEY in production (see docs/adr/0006-personal-data-encryption.md).",
            id="foi.W001",
        )
    ]
