"""The first search after start-up does not wait for a segmenter or for the views (issue 9)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import config.wsgi
from gongkai.search.text import index_tokens, query_terms
index_tokens("政府信息公开")
query_terms("府 政政")
jieba = sys.modules.get("jieba")
print("views", "gongkai.portal.views_search" in sys.modules)
print("segmenter", bool(jieba and jieba.dt.initialized))
"""


def test_the_wsgi_start_loads_the_views_and_search_needs_no_segmenter_dictionary():
    # when: a worker starts and tokenises a document and a query
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout.split("\n")
    # then: the views are loaded before any request; jieba's dictionary (seconds to load) never is
    assert "views True" in out
    assert "segmenter False" in out
