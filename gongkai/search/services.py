"""Writes to the search index: upsert, removal and bulk rebuild of one kind.

The index is derived data: callers (the catalogue's publish, correct and withdraw services,
later the other apps) call these inside their own transaction, after their own permission
checks and audit entry, and pass text that is already public — the index never sees withheld
passages. A document is replaced whole (delete + insert), so the old text of a re-indexed
object can no longer find it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed

from .backends import IndexRow, get_backend
from .models import IndexVersion, SearchDocument
from .text import index_tokens, stored_text

# Bodies with more distinct tokens than this are indexed up to it (PostgreSQL caps a tsvector
# at 1 MB).
MAX_BODY_TOKENS = 100_000
MAX_KEY_LENGTH = 64
_EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
_ID_BITS = 35
_MINUTE_MAX = (1 << 28) - 1


def sortkey(published_at: datetime | None, pk: int) -> int:
    """Minutes since 1900 in the high bits, the row id in the low 35 bits: time order, unique."""
    if pk >= 1 << _ID_BITS:
        raise OverflowError("search document id does not fit the sort key")
    minutes = 0
    if published_at is not None:
        if timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at)
        minutes = min(max(int((published_at - _EPOCH).total_seconds() // 60), 0), _MINUTE_MAX)
    return (minutes << _ID_BITS) | pk


def tag(name: str, value: Any) -> str:
    """The index token standing for ``name = value``.

    It starts with an underscore, which the segmenter never leaves in a token, so no
    user query can ever match a tag: tags are reached through ``filters`` only.
    """
    digest = hashlib.blake2b(f"{name}\x1f{value}".encode(), digest_size=8).hexdigest()
    return "_" + digest


def kind_tag(kind: str) -> str:
    return tag("kind", kind)


def agency_tag(agency_id: int) -> str:
    return tag("agency", int(agency_id))


def facet_tag(name: str, value: Any) -> str:
    return tag("facet:" + name, facet_value(value))


def facet_value(value: Any) -> str:
    """Facet values compare as text: the year 2018 and "2018" are the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _facet_items(facets: Mapping[str, Any]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for name, value in facets.items():
        for v in value if isinstance(value, list | tuple) else [value]:
            if v is not None and v != "":
                items.append((name, facet_value(v)))
    return items


def _check(kind: str, object_id: Any, title: Any, body: Any, facets: Any, agency_id: Any) -> None:
    if not isinstance(kind, str) or not kind or len(kind) > MAX_KEY_LENGTH:
        raise ValidationFailed(_("检索文档类型无效。"), detail={"kind": kind})
    if object_id is None or str(object_id) == "" or len(str(object_id)) > MAX_KEY_LENGTH:
        raise ValidationFailed(_("检索文档编号无效。"), detail={"object_id": object_id})
    if not isinstance(title, str) or not isinstance(body, str):
        raise ValidationFailed(_("检索文档的标题和正文必须是文本。"))
    if not isinstance(facets, Mapping):
        raise ValidationFailed(_("检索文档的分面必须是键值对。"))
    for name, value in facets.items():
        values = value if isinstance(value, list | tuple) else [value]
        if not isinstance(name, str) or not all(v is None or isinstance(v, str | int | bool) for v in values):
            raise ValidationFailed(_("分面的值只能是文本、整数或它们的列表。"), detail={"facet": str(name)})
    if agency_id is not None and not isinstance(agency_id, int):
        raise ValidationFailed(_("所属单位编号必须是整数。"), detail={"agency_id": agency_id})


def _row(
    pk: int,
    *,
    kind: str,
    object_id: Any,
    title: str,
    body: str,
    agency_id: int | None,
    facets: Mapping[str, Any],
    published_at: datetime | None,
    url: str,
    now: datetime,
) -> IndexRow:
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    tags = [kind_tag(kind)]
    if agency_id is not None:
        tags.append(agency_tag(agency_id))
    tags += [facet_tag(name, value) for name, value in _facet_items(facets)]
    return IndexRow(
        id=pk,
        kind=kind,
        object_id=str(object_id),
        agency_id=agency_id,
        title=title,
        body=body,
        facets=dict(facets),
        published_at=published_at,
        url=url or "",
        sortkey=sortkey(published_at, pk),
        indexed_at=now,
        title_tokens=" ".join(index_tokens(title)),
        body_tokens=" ".join(index_tokens(body)[:MAX_BODY_TOKENS]),
        tags=" ".join(dict.fromkeys(tags)),
        verify=stored_text(title, body),
    )


def bump_version(kinds: Iterable[str] | None, *, using: str = "default") -> None:
    """Replace the version token of ``kinds`` (None: of every kind) in the current transaction.

    Called by every write below, so cached results of a kind (``cache.py``) are never served
    after a change of its documents has committed.
    """
    token = uuid.uuid4().hex
    versions = IndexVersion.objects.using(using)
    if kinds is None:
        versions.update(token=token)
        return
    for kind in kinds:
        if versions.filter(kind=kind).update(token=token):
            continue
        try:
            with transaction.atomic(using=using):
                versions.create(kind=kind, token=token)
        except IntegrityError:  # created concurrently
            versions.filter(kind=kind).update(token=token)


def index_document(
    *,
    kind: str,
    object_id: Any,
    title: str,
    body: str = "",
    agency_id: int | None = None,
    facets: Mapping[str, Any] | None = None,
    published_at: datetime | None = None,
    url: str = "",
    using: str = "default",
) -> SearchDocument:
    """Add the document or replace it whole (upsert on ``(kind, object_id)``)."""
    facets = facets or {}
    _check(kind, object_id, title, body, facets, agency_id)
    backend = get_backend(using)
    for attempt in range(2):
        try:
            with transaction.atomic(using=using):
                old = list(
                    SearchDocument.objects.using(using)
                    .select_for_update()
                    .filter(kind=kind, object_id=str(object_id))
                    .values_list("id", flat=True)
                )
                backend.delete(old)
                (pk,) = backend.reserve_ids(1)
                row = _row(
                    pk,
                    kind=kind,
                    object_id=object_id,
                    title=title,
                    body=body,
                    agency_id=agency_id,
                    facets=facets,
                    published_at=published_at,
                    url=url,
                    now=clock.now(),
                )
                backend.insert([row])
                bump_version([kind], using=using)
            break
        except IntegrityError:
            # A concurrent upsert of the same object won the insert: replace its row.
            if attempt:
                raise
    return SearchDocument.objects.using(using).get(pk=pk)


def remove_document(*, kind: str, object_id: Any, using: str = "default") -> bool:
    """Remove the document from the index; False if it was not there."""
    backend = get_backend(using)
    with transaction.atomic(using=using):
        ids = list(
            SearchDocument.objects.using(using)
            .select_for_update()
            .filter(kind=kind, object_id=str(object_id))
            .values_list("id", flat=True)
        )
        backend.delete(ids)
        if ids:
            bump_version([kind], using=using)
    return bool(ids)


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def rebuild(kind: str, items: Iterable[Any], *, batch_size: int = 1000, using: str = "default") -> int:
    """Replace every document of ``kind`` by ``items`` in one transaction; returns how many.

    Each item is a mapping or an object with ``object_id``, ``title`` and optionally ``body``,
    ``agency_id``, ``facets``, ``published_at``, ``url``. Until the transaction commits,
    searches see the old documents of the kind.
    """
    backend = get_backend(using)
    seen: set[str] = set()
    count = 0
    now = clock.now()
    with transaction.atomic(using=using):
        backend.delete_kind(kind)
        batch: list[Any] = []

        def flush() -> None:
            ids = backend.reserve_ids(len(batch))
            rows = []
            for pk, item in zip(ids, batch, strict=True):
                fields = {
                    "object_id": _field(item, "object_id"),
                    "title": _field(item, "title", ""),
                    "body": _field(item, "body", "") or "",
                    "agency_id": _field(item, "agency_id"),
                    "facets": _field(item, "facets") or {},
                    "published_at": _field(item, "published_at"),
                    "url": _field(item, "url", "") or "",
                }
                _check(
                    kind, fields["object_id"], fields["title"], fields["body"], fields["facets"], fields["agency_id"]
                )
                key = str(fields["object_id"])
                if key in seen:
                    raise ValidationFailed(_("重建索引时对象编号重复。"), detail={"object_id": key})
                seen.add(key)
                rows.append(_row(pk, kind=kind, now=now, **fields))
            backend.insert(rows)
            batch.clear()

        for item in items:
            batch.append(item)
            count += 1
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        bump_version([kind], using=using)
    return count


def reindex(*, batch_size: int = 1000, using: str = "default") -> int:
    """Rewrite the engine index of every stored document from its title and body; returns how many.

    For a change of the index tokens (a migration calls it): the documents stay as they are,
    in one transaction, so searches see either the old index or the new one.
    """
    backend = get_backend(using)
    count = 0
    with transaction.atomic(using=using):
        backend.clear_index()
        documents = SearchDocument.objects.using(using).order_by("id")
        last = 0
        while True:
            batch = list(documents.filter(id__gt=last)[:batch_size])
            if not batch:
                break
            backend.insert_index(
                [
                    _row(
                        d.pk,
                        kind=d.kind,
                        object_id=d.object_id,
                        title=d.title,
                        body=d.body,
                        agency_id=d.agency_id,
                        facets=d.facets or {},
                        published_at=d.published_at,
                        url=d.url,
                        now=d.indexed_at,
                    )
                    for d in batch
                ]
            )
            count += len(batch)
            last = batch[-1].pk
        # Migration 0003 calls this before migration 0004 creates the version table.
        if IndexVersion._meta.db_table in connections[using].introspection.table_names():
            bump_version(None, using=using)
    return count


def optimize(*, using: str = "default") -> None:
    """Maintenance after a bulk load or a large rebuild: merges the FTS5 segments (SQLite), or
    rewrites ``search_index`` in sortkey order (PostgreSQL ``CLUSTER``, which locks the index
    while it runs: schedule it off-hours); refreshes the planner statistics either way."""
    get_backend(using).optimize()
