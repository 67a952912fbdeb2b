"""The engine-specific part of the search index, one branch per database vendor.

SQLite: an FTS5 table over the jieba-segmented text (tokens joined by spaces), rowid =
``SearchDocument.sortkey``. ``unicode61`` splits on spaces and punctuation only, so a
segmented word such as 信息 or 公开 stays one token (CJK characters are letters to it, it
does not cut them one by one); the underscore is a token character so that the filter tags
(``_`` + hex) stay whole; ``detail=column`` stores no positions (queries are AND of words);
``prefix='1'`` indexes one-character prefixes.

PostgreSQL: a companion table ``search_index(sortkey, tsv)``, keyed like the FTS5 table,
whose ``tsvector`` column is filled by the services with
``strip(to_tsvector('simple', segmented text)) || array_to_tsvector(tags)``, with a GIN
index. The statistics target of ``tsv`` is raised so that ANALYZE keeps the frequencies of
more words, which the backend uses to choose its plan (see backends/postgres.py). No foreign key, so that
Django's TRUNCATE of the document table in tests is not refused; the services delete both.
"""

from django.db import migrations

SQLITE_UP = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title, body, tags,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    detail = column,
    prefix = '1'
);
"""
SQLITE_DOWN = "DROP TABLE IF EXISTS search_fts;"

PG_UP = """
CREATE TABLE IF NOT EXISTS search_index (
    sortkey bigint PRIMARY KEY,
    tsv tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS search_index_tsv ON search_index USING gin (tsv);
ALTER TABLE search_index ALTER COLUMN tsv SET STATISTICS 1000;
"""
PG_DOWN = "DROP TABLE IF EXISTS search_index;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
