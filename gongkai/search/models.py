"""The search index: one ``SearchDocument`` per indexed object.

The engine-specific part lives beside the table, created by migration 0002:
- SQLite: the FTS5 table ``search_fts(title, body, tags, verify)`` whose rowid is the
  document's ``sortkey``; it holds the index tokens of the title and body (``text.py``:
  characters, adjacent character pairs, letter/digit runs) and the canonical text.
- PostgreSQL: the table ``search_index(sortkey, tsv, verify)``, the tokens and tags as a
  tsvector with a GIN index, and the canonical text.

``sortkey`` orders documents by publication time (minutes since 1900 in the high bits, the
row id in the low 35 bits), unique, so that both engines can walk matches newest first and
stop early instead of sorting a huge result set. Write only through ``services``: the
engine-specific index is kept in step there.
"""

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField("类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    # Plain integer, not a foreign key: the index is generic and survives reorganisations.
    agency_id = models.BigIntegerField("所属单位", null=True, blank=True)
    title = models.TextField("标题")
    body = models.TextField("正文", blank=True)
    facets = models.JSONField("分面", default=dict, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    sortkey = models.BigIntegerField("排序键", unique=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_kind_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class IndexVersion(models.Model):
    """A token per document kind, replaced whenever the kind's documents change.

    Search results may be cached (``cache.cached_search``); the cache key holds the tokens of
    the kinds searched, so a change of the index — publish, correct, withdraw, rebuild — makes
    every cached result of that kind unreachable at the commit of the change, in every process
    (the token is in the database, written in the same transaction as the index).
    """

    kind = models.CharField("类型", max_length=64, primary_key=True)
    token = models.CharField("版本标记", max_length=32)

    class Meta:
        verbose_name = "检索索引版本"
        verbose_name_plural = "检索索引版本"

    def __str__(self) -> str:
        return f"{self.kind}:{self.token}"
