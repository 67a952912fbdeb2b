"""The index holds CJK characters and character pairs instead of jieba words (issue 9).

A query block is matched as a substring (see ``gongkai/search/text.py``): the index tokens
change, and the engine index gains ``verify``, the canonical title and body that longer
query blocks are checked against. The SQLite FTS5 table is recreated (a column cannot be
added to it; ``verify`` comes first, so that reading it does not walk through the stored
tokens; the one-character prefix index is no longer used), the PostgreSQL companion
table gains the column; then every stored document is indexed again
(``services.reindex``: the index is derived data, rebuilt from the documents' own title and
body with the current code). On a large index this takes about as long as a rebuild (see
docs/performance.md: some hundreds to a thousand documents a second), in one transaction.
"""

from django.db import migrations

SQLITE_UP = [
    "DROP TABLE IF EXISTS search_fts",
    """
CREATE VIRTUAL TABLE search_fts USING fts5(
    verify UNINDEXED, title, body, tags,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    detail = column
)
""",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS search_fts",
    """
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, tags,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    detail = column,
    prefix = '1'
)
""",
]
PG_UP = "ALTER TABLE search_index ADD COLUMN IF NOT EXISTS verify text NOT NULL DEFAULT ''"
PG_DOWN = "ALTER TABLE search_index DROP COLUMN IF EXISTS verify"


def up(apps, schema_editor):
    from gongkai.search.services import reindex

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute(PG_UP)
    else:
        return
    reindex(using=connection.alias)


def down(apps, schema_editor):
    # The old code indexes again on the next rebuild; the structures go back to 0002's.
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]
    operations = [migrations.RunPython(up, down)]
