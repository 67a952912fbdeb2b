"""Writes of the oversight app, one module per area: ``training``, ``cases``, ``surveys``, ``assessment``.

Every write is keyword-only, takes ``actor``, checks the permission matrix (``oversight.*``), runs in
one transaction and writes its audit event (``events.OversightEvent``)."""
