"""Tests of the shipped text models (gongkai.opinion.nlp): no training here except on a tiny synthetic set."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gongkai.opinion.nlp import (
    CATEGORY_LABELS,
    Judgement,
    Propagation,
    Repost,
    load,
    normalise,
    runtime,
    score,
    score_many,
    store,
)
from gongkai.opinion.nlp.evaluate import unseen_in_training
from gongkai.opinion.nlp.train import main as train_main
from gongkai.opinion.nlp.train import negativity_training_set

DATA = Path(__file__).parent / "data"


def read_set(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


# --- negativity --------------------------------------------------------------------------------

NEGATIVE = [
    "办事大厅的工作人员态度太差了，排了三个小时的队，问一句就不耐烦，再也不想来了",
    "投诉了三次都没人管，电话永远打不通，这种服务真是让人失望透顶",
    "小区停水三天了物业一直推脱，老人孩子没水喝，太过分了",
]
POSITIVE = [
    "窗口的工作人员非常耐心，材料不全还主动帮我复印，半小时就办好了，点赞",
    "反映的路灯问题第二天就修好了，效率很高，感谢街道办",
    "新开的便民服务中心环境干净整洁，服务热情周到，值得表扬",
]


def test_negative_complaints_score_above_half_and_praise_below():
    # given / when
    neg = score_many(NEGATIVE)
    pos = score_many(POSITIVE)

    # then
    assert [j.negativity > 0.5 for j in neg] == [True, True, True]
    assert [j.negativity < 0.5 for j in pos] == [True, True, True]
    assert min(j.negativity for j in neg) > max(j.negativity for j in pos)


def test_score_returns_a_judgement_with_every_category():
    # when
    j = score("网传明天全市停水，紧急扩散")

    # then
    assert isinstance(j, Judgement)
    assert set(j.categories) == set(CATEGORY_LABELS)
    assert 0.0 <= j.negativity <= 1.0
    assert 0.0 <= j.rumour <= 1.0
    assert j.category == "rumour"
    assert j.horizon_hours == 0
    assert "谣言: 网传" in j.evidence
    assert "谣言: 紧急扩散" in j.evidence


# --- rumour suspicion --------------------------------------------------------------------------


def _spread(n: int, hours: float, comments: list[str], fanout: bool) -> list[Repost]:
    reposts = []
    for i in range(n):
        parent = f"r{i // 3}" if fanout and i >= 3 else ""
        reposts.append(
            Repost(hours=hours * i / n, id=f"r{i}", parent=parent, user=f"u{i}", text=comments[i % len(comments)])
        )
    return reposts


def test_rumour_cues_and_fast_growth_score_higher_than_a_calm_post():
    # given: a post with rumour cues spreading fast among denying/questioning comments
    loud_text = "紧急扩散！听说明天自来水厂被投毒，千万别喝自来水，内部消息，转发扩散"
    loud = Propagation(
        reposts=_spread(600, 1.0, ["谣言吧？", "真的吗？求证", "假的，已经辟谣了", "转发", "真的假的"], fanout=True),
        hours=2.0,
    )
    # and a calm notice with a few plain reposts over a day
    calm_text = "本周六上午九点，社区卫生服务中心开展免费体检活动，欢迎居民参加"
    calm = Propagation(reposts=_spread(8, 20.0, ["收到", "谢谢通知"], fanout=False), hours=24.0)

    # when
    loud_j, calm_j = score_many([loud_text, calm_text], [loud, calm])

    # then
    assert loud_j.rumour > calm_j.rumour
    assert loud_j.rumour > 0.5 > calm_j.rumour
    assert loud_j.horizon_hours == 2
    assert calm_j.horizon_hours == 24
    assert any("辟谣" in e for e in loud_j.evidence)


def test_propagation_as_dict_with_datetimes_is_accepted():
    # given
    posted = datetime(2024, 5, 1, 8, 0)
    prop = {
        "posted_at": posted,
        "reposts": [
            {"at": posted + timedelta(minutes=m), "text": "这是真的吗", "id": f"m{m}"} for m in range(0, 90, 3)
        ],
    }

    # when
    j = score("网传某地发生大规模疫情", propagation=prop)

    # then: the last repost is 87 minutes after posting → the 1-hour model
    assert j.horizon_hours == 1
    assert 0.0 <= j.rumour <= 1.0


# --- categories --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "minimum"),
    [("categories_handwritten.jsonl", 0.95), ("categories_handwritten_fresh.jsonl", 0.6)],
)
def test_hand_written_posts_get_their_category_with_evidence(name, minimum):
    # given
    rows = read_set(name)

    # when
    judged = score_many([r["text"] for r in rows])

    # then
    right = [j.category == r["category"] for j, r in zip(judged, rows, strict=True)]
    assert sum(right) / len(rows) >= minimum
    for j in judged:
        if j.category is not None:
            label = CATEGORY_LABELS[j.category]
            assert any(e.startswith(f"{label}: ") for e in j.evidence)
            assert j.categories[j.category] == max(j.categories.values()) or j.category in (
                "rumour",
                "higher_level_order",
            )


def test_hand_written_sets_have_ten_and_five_posts_per_category():
    assert sorted({r["category"] for r in read_set("categories_handwritten.jsonl")}) == sorted(CATEGORY_LABELS)
    for cat in CATEGORY_LABELS:
        assert sum(r["category"] == cat for r in read_set("categories_handwritten.jsonl")) == 10
        assert sum(r["category"] == cat for r in read_set("categories_handwritten_fresh.jsonl")) == 5


def test_text_without_any_cue_has_no_category():
    j = score("今天天气不错，和家人去公园散步")

    assert j.category is None
    assert j.evidence == []
    assert set(j.categories.values()) == {0.0}


# --- normalisation -----------------------------------------------------------------------------


def test_normalise_traditional_emoticons_urls_mentions_full_width():
    # given
    text = "這個謠言太離譜了[怒][哈哈] 詳見 http://t.cn/zYAeOMo //@某某網友:轉發微博 ＡＢＣ１２３！"

    # when
    out = normalise(text)

    # then
    assert out == "这个谣言太离谱了 详见 转发微博 abc123!"


def test_traditional_and_simplified_texts_score_the_same():
    simplified = score("这家医院的服务态度太差了，排队排了一整天")
    traditional = score("這家醫院的服務態度太差了，排隊排了一整天")

    assert traditional.negativity == simplified.negativity
    assert traditional.rumour == simplified.rumour


def test_emoticons_do_not_change_the_scores():
    plain = score("今天的事情处理得很好")
    with_emoticons = score("今天的事情处理得很好[哈哈][泪][怒]")

    assert with_emoticons.negativity == plain.negativity


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", None, 12345, b"\xff\xfe", "   ", "[哈哈]", "http://example.com"])
def test_bad_or_empty_text_is_judged_without_exception(bad):
    j = score(bad)

    assert 0.0 <= j.negativity <= 1.0
    assert 0.0 <= j.rumour <= 1.0
    assert j.category is None


def test_huge_text_is_judged_without_exception():
    j = score("物业不作为，" * 200_000)

    assert j.negativity > 0.5
    assert 0.0 <= j.rumour <= 1.0


@pytest.mark.parametrize(
    "prop",
    [
        {"reposts": [None, 3, {"hours": "x"}, {"hours": float("nan")}, {"at": "yesterday"}]},
        {"reposts": None, "hours": "soon"},
        {"reposts": [{"hours": -5, "text": None}]},
        Propagation(reposts=[Repost(hours=float("inf"))]),
        "not a propagation",
        {"posted_at": datetime(2024, 1, 1), "reposts": [{"at": datetime(2024, 1, 1, 1).astimezone()}]},
    ],
)
def test_malformed_propagation_is_ignored_without_exception(prop):
    j = score("网传某地发生大规模疫情", propagation=prop)

    assert 0.0 <= j.rumour <= 1.0


def test_empty_batch_returns_nothing():
    assert score_many([]) == []


# --- loading -----------------------------------------------------------------------------------


def test_models_are_loaded_once_per_process(monkeypatch):
    # given: the shipped models already loaded, and a loader that counts its calls
    first = load()
    calls = []
    monkeypatch.setattr(store, "load_negativity", lambda path: calls.append(path))

    # when
    again = load()
    score("测试")

    # then
    assert again is first
    assert calls == []
    assert first.meta["scikit_learn"]


def test_shipped_model_files_are_small():
    total = sum(p.stat().st_size for p in store.MODELS_DIR.glob("*"))

    assert total < 6_000_000


# --- the training command ----------------------------------------------------------------------

_POS = ["服务很好", "环境干净", "态度热情", "非常满意", "效率很高", "值得推荐", "方便快捷", "很满意的一次"]
_NEG = ["服务太差", "环境很脏", "态度恶劣", "非常失望", "效率太低", "再也不来", "排队太久", "很糟糕的一次"]


def _write_tiny_dataset(root: Path) -> None:
    senti = root / "chnsenticorp"
    senti.mkdir(parents=True)
    for split in ("train", "dev"):
        rows = [{"text": f"{t}，{split}第{i}次", "label": 1} for i, t in enumerate(_POS * 3)]
        rows += [{"text": f"{t}，{split}第{i}次", "label": 0} for i, t in enumerate(_NEG * 3)]
        (senti / f"{split}.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
        )
    waimai = root / "waimai_10k"
    waimai.mkdir()
    (waimai / "waimai_10k.csv").write_text("label,review\n1,送餐很快\n0,送餐太慢\n", encoding="utf-8")
    ced = root / "ced_chinese_rumor"
    ced.mkdir()
    originals, events = [], []
    for i in range(24):
        rumour = i % 2
        text = f"紧急扩散！网传第{i}号水库决堤" if rumour else f"第{i}期便民服务公告发布"
        posted = 1_360_000_000 + i * 86_400
        originals.append({"id": f"e{i}", "label": rumour, "text": text, "time": posted})
        base = datetime(2013, 2, 5) + timedelta(days=i)
        reposts = [
            {
                "mid": f"e{i}m{k}",
                "uid": f"u{k}",
                "parent": "" if k < 2 else f"e{i}m{k - 1}",
                "kids": [],
                "text": "谣言吧" if rumour else "收到",
                "date": (base + timedelta(minutes=20 * k)).strftime("%Y-%m-%d %H:%M:%S"),
            }
            for k in range(6 + 10 * rumour)
        ]
        events.append({"id": f"e{i}", "label": rumour, "reposts": reposts})
    originals[0]["time"] = "Tue Feb 05 08:00:00 +0800 2013"  # CED's other time format
    (ced / "originals.jsonl").write_text(
        "\n".join(json.dumps(o, ensure_ascii=False) for o in originals), encoding="utf-8"
    )
    with gzip.open(ced / "reposts.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(e, ensure_ascii=False) for e in events))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*"))}


def test_training_command_runs_end_to_end_on_a_tiny_dataset(tmp_path):
    # given
    _write_tiny_dataset(tmp_path / "data")
    out = tmp_path / "models"
    shipped_before = _digest(store.MODELS_DIR)

    # when
    code = train_main(["--data", str(tmp_path / "data"), "--out", str(out)])

    # then: loadable files that separate the tiny classes, and the shipped files untouched
    assert code == 0
    assert sorted(p.name for p in out.glob("*")) == ["meta.json", "negativity.npz", "rumour.npz"]
    models = runtime.load(out)
    assert models is not runtime.load()
    bad, good = score_many(["服务太差，非常失望", "服务很好，非常满意"], models=models)
    assert bad.negativity > good.negativity
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["rumour"]["events"] == 24
    assert meta["negativity"]["training_rows"]["waimai_10k"] == 2
    assert _digest(store.MODELS_DIR) == shipped_before


def _jsonl(path: Path, rows: list[tuple[str, int]]) -> None:
    path.write_text(
        "\n".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) for t, y in rows), encoding="utf-8"
    )


def test_the_negativity_training_set_leaves_out_every_text_that_repeats_a_chnsenticorp_text(tmp_path):
    # given ChnSentiCorp splits that repeat each other, and extra sets that repeat ChnSentiCorp texts
    senti = tmp_path / "chnsenticorp"
    senti.mkdir()
    _jsonl(senti / "train.jsonl", [("房间很干净，服务周到。", 1), ("早餐太差了", 0), ("和开发集一样的评论", 1)])
    _jsonl(senti / "dev.jsonl", [("和开发集一样的评论！", 1), ("前台态度很差", 0)])
    _jsonl(senti / "test.jsonl", [("测试集里的一条评论", 0)])
    hotels = tmp_path / "chnsenticorp_htl_all"
    hotels.mkdir()
    (hotels / "ChnSentiCorp_htl_all.csv").write_text(
        "label,review\n"
        "1,房间很干净， 服务周到\n"  # repeats a train text (other punctuation and spacing)
        "0,前台態度很差。\n"  # repeats a dev text (Traditional character, normalised away)
        "0,测试集里的一条评论\n"  # repeats a test text
        "1,新的一条酒店评论，没有重复\n",
        encoding="utf-8",
    )
    waimai = tmp_path / "waimai_10k"
    waimai.mkdir()
    (waimai / "waimai_10k.csv").write_text("label,review\n0,送餐太慢\n1,早餐太差了\n", encoding="utf-8")

    # when
    built = negativity_training_set(tmp_path)

    # then only texts that no ChnSentiCorp split repeats, and ChnSentiCorp train less its repeats of dev/test
    assert built.texts == [
        normalise(t) for t in ("房间很干净，服务周到。", "早餐太差了", "新的一条酒店评论，没有重复", "送餐太慢")
    ]
    assert built.labels.tolist() == [0, 1, 0, 1]
    assert built.sizes == {"chnsenticorp_train": 2, "htl_all": 1, "waimai_10k": 1, "weibo_senti_sample": 0}
    assert built.dropped == {"chnsenticorp_train": 1, "htl_all": 3, "waimai_10k": 1, "weibo_senti_sample": 0}
    # and the dev figure is taken on the dev texts that training does not repeat
    assert unseen_in_training(["和开发集一样的评论", "前台态度很差", "房间很干净"], built.texts) == [True, True, True]
    assert unseen_in_training(["早餐太差了！"], built.texts) == [False]
