"""The public search cache (issue 17): results are cached under the catalogue's index version,
which every publish, correction and withdrawal replaces — nothing withdrawn or withheld ever
comes out of the cache, on the portal's /search or the API's search."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gongkai.catalog import services
from gongkai.catalog.public_search import public_item_search
from gongkai.search import cache as search_cache
from gongkai.search.services import index_document

from ..portal import conftest as portal

pytestmark = pytest.mark.django_db

client = portal.client
publish = portal.publish
published = portal.published
hidden_items = portal.hidden_items
seed_fields = portal.seed_fields
redacted = portal.redacted
WORD = portal.SEED_WORD  # 记事本: in the seed-based item's body only


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SEARCH_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engine_calls(monkeypatch):
    """Counts the searches that reach the index (cache misses)."""
    calls = []
    real = search_cache.search

    def counting(*args, **kwargs):
        calls.append(args[0] if args else kwargs.get("q"))
        return real(*args, **kwargs)

    monkeypatch.setattr(search_cache, "search", counting)
    return calls


def hit_ids(q: str, **filters) -> list[str]:
    result, _items = public_item_search(q, **filters)
    return [hit.object_id for hit in result.hits]


def test_a_repeated_search_is_answered_from_the_cache(published, engine_calls):
    assert hit_ids(WORD) == [str(published.pk)]
    assert hit_ids(WORD) == [str(published.pk)]
    assert hit_ids(f"  {WORD} ") == [str(published.pk)]  # the same normalised query
    assert engine_calls == [WORD]


def test_cache_off_by_setting_reaches_the_index_every_time(settings, published, engine_calls):
    settings.SEARCH_CACHE_SECONDS = 0
    hit_ids(WORD)
    hit_ids(WORD)
    assert len(engine_calls) == 2


def test_a_withdrawn_item_never_comes_out_of_the_cache(client, published, unit_admin, engine_calls):
    assert hit_ids(WORD) == [str(published.pk)]
    assert f"/catalog/items/{published.pk}/" in client.get("/search", {"q": WORD}).content.decode()
    api = client.get("/api/v1/catalog/search", {"q": WORD}).json()
    assert published.public_title in str(api)
    cached = len(engine_calls)
    assert hit_ids(WORD) == [str(published.pk)]
    assert len(engine_calls) == cached  # it was served from the cache until now

    services.item_withdraw(actor=unit_admin, item=published, reason="经复查涉及内部事务")

    # The cached result itself is unreachable, not only filtered out by the live item lookup.
    assert hit_ids(WORD) == []
    assert f"/catalog/items/{published.pk}/" not in client.get("/search", {"q": WORD}).content.decode()
    assert published.public_title not in str(client.get("/api/v1/catalog/search", {"q": WORD}).json())


def test_a_published_item_appears_although_the_empty_result_was_cached(client, publish):
    word = "沙棘"
    assert hit_ids(word) == []
    assert "/catalog/items/" not in client.get("/search", {"q": word}).content.decode()
    item = publish(title="鄂托克前旗林业局关于沙棘种植补贴的通知")
    assert hit_ids(word) == [str(item.pk)]
    assert f"/catalog/items/{item.pk}/" in client.get("/search", {"q": word}).content.decode()


def test_a_correction_shows_the_corrected_public_title(client, published, unit_admin):
    old_title = published.public_title
    first, _items = public_item_search(WORD)
    assert first.hits[0].title == old_title
    client.get("/search", {"q": WORD})
    new_title = "鄂托克前旗人民政府办公室关于更正后的信息公开目录编制要求的通知"
    services.item_correct(actor=unit_admin, item=published, reason="标题有误", title=new_title)
    again, _items = public_item_search(WORD)
    assert [hit.title for hit in again.hits] == [new_title]
    page = client.get("/search", {"q": WORD}).content.decode()
    assert "更正后的信息公开目录编制要求" in page and old_title not in page
    assert new_title in str(client.get("/api/v1/catalog/search", {"q": WORD}).json())


def test_withheld_and_hidden_items_are_not_served_from_a_warm_cache(client, published, hidden_items, redacted):
    for _ in range(2):  # the second round is answered from the cache
        assert hit_ids("隐藏核对") == []
        assert hit_ids(portal.SECRET_DIGITS) == []
        page = client.get("/search", {"q": "招生"}).content.decode()
        for item in hidden_items.values():
            assert f"/catalog/items/{item.pk}/" not in page
        assert f"/catalog/items/{redacted.pk}/" in page and portal.SECRET_DIGITS not in page


def test_cache_keys_differ_by_filters_page_sort_and_version(published):
    def key(q=WORD, kinds=("catalog.item",), filters=None, sort="relevance", page=1):
        return search_cache.cache_key(q, kinds=kinds, filters=filters or {}, sort=sort, page=page, page_size=10)

    base = key()
    assert key(q=f" {WORD}  ") == base
    assert key(filters={"category": None, "year": ""}) == base  # blank filters do not filter
    variants = [
        key(q="目录"),
        key(filters={"category": "02"}),
        key(filters={"category": "03"}),
        key(filters={"year": 2026}),
        key(filters={"agency_id": published.agency_id}),
        key(sort="date"),
        key(page=2),
        key(kinds=("interaction.letter",)),
    ]
    assert len({base, *variants}) == len(variants) + 1
    index_document(kind="catalog.item", object_id="x1", title="另一条", body="正文")
    assert key() != base  # a change of the catalogue's documents is a new version


@pytest.fixture
def block_renders(monkeypatch):
    """Counts the searches that build the page's result block (misses of the HTML cache)."""
    from gongkai.portal import views_search

    calls = []
    real = views_search.public_item_search

    def counting(q, **kwargs):
        calls.append(q)
        return real(q, **kwargs)

    monkeypatch.setattr(views_search, "public_item_search", counting)
    return calls


def test_the_result_block_of_the_page_is_served_as_cached_html(client, published, block_renders):
    first = client.get("/search", {"q": WORD}).content.decode()
    second = client.get("/search", {"q": WORD}).content.decode()
    assert block_renders == [WORD]
    assert first == second and f"/catalog/items/{published.pk}/" in second
    assert "csrfmiddlewaretoken" not in second  # nothing of the request is in the block


def test_the_html_cache_follows_withdrawal_and_agency_renames(client, published, unit_admin, sysadmin, block_renders):
    from gongkai.orgs.services import agency_update

    assert published.agency.name in client.get("/search", {"q": WORD}).content.decode()
    agency_update(actor=sysadmin, agency=published.agency, name="鄂托克前旗数据局")
    assert "鄂托克前旗数据局" in client.get("/search", {"q": WORD}).content.decode()
    services.item_withdraw(actor=unit_admin, item=published, reason="经复查涉及内部事务")
    assert f"/catalog/items/{published.pk}/" not in client.get("/search", {"q": WORD}).content.decode()
    assert len(block_renders) == 3


def test_each_page_echoes_its_own_query_and_refuses_bad_ones(client, published, block_renders):
    traditional = client.get("/search", {"q": "目錄"}).content.decode()
    simplified = client.get("/search", {"q": "目录"}).content.decode()
    assert 'name="q" value="目錄"' in traditional and 'name="q" value="目录"' in simplified
    assert f"/catalog/items/{published.pk}/" in simplified
    assert len(block_renders) == 2  # the same search result, two blocks (the query is echoed in links)
    too_long = client.get("/search", {"q": "政" * 300})
    assert too_long.status_code == 200 and "/catalog/items/" not in too_long.content.decode()
