"""Back-office pages of the response side of public opinion (政务舆情回应).

Views parse input, call ``gongkai.opinion.response.services`` / ``selectors`` and show
``DomainError.message``; a refused action shows the message and changes nothing.

The package, by page group: ``common`` (constants and helpers), ``dashboard``, ``events`` (list,
detail, routing, grading, claiming), ``event_records`` (rumour leads, feedback, meetings, the
special report, the daily log), ``responses``, ``statistics``, ``configuration`` (routing rules,
webhooks) and ``risk`` (risk assessment of major decisions). ``backoffice/urls_opinion_response.py``
routes to the modules directly.
"""
