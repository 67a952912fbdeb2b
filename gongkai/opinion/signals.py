"""Hooks the response side (routing, dashboards) listens to. Sent after the change is committed.

- ``warning_raised(sender=Event, event_id=int, level=str, reason=str, raised_at=datetime)``: an
  event reached orange or red for the first time (automatically or by a person). Sent once per
  event (``Event.warned_at`` records it).
- ``level_changed(sender=Event, event_id=int, old_level=str, new_level=str, reason=str, kind=str,
  actor=User | None)``: every change of an event's warning level (automatic rise, or a person's
  raise/lower), e.g. orange → red after the first warning.

Receivers run outside the pipeline's transaction; an exception in one is logged and does not undo
the ingest (``send_robust``).
"""

from django.dispatch import Signal

warning_raised = Signal()
level_changed = Signal()
