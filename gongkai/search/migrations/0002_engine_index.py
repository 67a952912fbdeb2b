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
more words, which the backend uses to choose its plan (see backends/postgres.py). No foreign key (Django's TRUNCATE of the
document table in tests would be refused).

On both engines, triggers delete the index row of a deleted document (and, on PostgreSQL,
empty the index when the document table is truncated), so that the index never keeps a
document that the table no longer has — whether the delete comes from the services, the ORM
or a test flush.
"""

from django.db import migrations

SQLITE_UP = [
    """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title, body, tags,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    detail = column,
    prefix = '1'
)
""",
    """
CREATE TRIGGER IF NOT EXISTS search_document_deleted AFTER DELETE ON search_searchdocument
BEGIN DELETE FROM search_fts WHERE rowid = old.sortkey; END
""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS search_document_deleted", "DROP TABLE IF EXISTS search_fts"]

PG_UP = """
CREATE TABLE IF NOT EXISTS search_index (
    sortkey bigint PRIMARY KEY,
    tsv tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS search_index_tsv ON search_index USING gin (tsv);
ALTER TABLE search_index ALTER COLUMN tsv SET STATISTICS 1000;
CREATE OR REPLACE FUNCTION search_document_deleted() RETURNS trigger AS $$
BEGIN DELETE FROM search_index WHERE sortkey = OLD.sortkey; RETURN OLD; END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS search_document_deleted ON search_searchdocument;
CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument
FOR EACH ROW EXECUTE FUNCTION search_document_deleted();
CREATE OR REPLACE FUNCTION search_document_truncated() RETURNS trigger AS $$
BEGIN TRUNCATE search_index; RETURN NULL; END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS search_document_truncated ON search_searchdocument;
CREATE TRIGGER search_document_truncated AFTER TRUNCATE ON search_searchdocument
FOR EACH STATEMENT EXECUTE FUNCTION search_document_truncated();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS search_document_deleted ON search_searchdocument;
DROP TRIGGER IF EXISTS search_document_truncated ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_deleted();
DROP FUNCTION IF EXISTS search_document_truncated();
DROP TABLE IF EXISTS search_index;
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
