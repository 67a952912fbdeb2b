"""The signal the response side listens to, until the monitoring side ships its own.

``warning_raised`` — sent when an event first reaches orange or red (and again if it rises from
orange to red): ``warning_raised.send(sender=Event, event=<Event>, level=<"orange"|"red">)``.

The agreed name is ``gongkai.opinion.signals.warning_raised``. ``wiring.py`` connects the response
side to that signal when the module exists, and to this one in any case (so a sender may use
either; the receiver is idempotent). If ``gongkai/opinion/signals.py`` re-exports this object
(``from .response.signals import warning_raised``), both names are one signal.
"""

from django.dispatch import Signal

warning_raised = Signal()
