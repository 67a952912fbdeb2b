"""The response side of public opinion (政务舆情回应, SPEC R5.4–R5.10): routing, claims, clocks in
hours, responses through review to the public column, rumour leads, feedback, joint consultation,
reports, statistics, the dashboard and the warning webhook. Models: ``gongkai/opinion/response_models.py``."""
