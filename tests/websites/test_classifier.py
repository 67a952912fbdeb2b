"""The shipped classifier and its training command."""

from __future__ import annotations

import json

from django.core.management import call_command

from gongkai.websites import classifier


def test_shipped_model_decides_with_evidence():
    gov, other = classifier.classify(["关于印发《政府信息公开工作考核办法》的通知", "周末亲子阅读书单推荐"])
    assert gov.is_gov_info and not other.is_gov_info
    assert gov.evidence and all(e["effect"] > 0 for e in gov.evidence)
    assert classifier.model_meta()["held_out"]["accuracy"] > 0.9


def test_training_command_writes_a_model(tmp_path):
    data = tmp_path / "data" / "thucnews_title_10cls"
    data.mkdir(parents=True)
    (data / "class.txt").write_text(
        "\n".join(
            [
                "finance",
                "realty",
                "stocks",
                "education",
                "science",
                "society",
                "politics",
                "sports",
                "game",
                "entertainment",
            ]
        ),
        encoding="utf-8",
    )
    sports = [f"第{i}轮联赛主队客场取胜球迷欢呼{i}" for i in range(60)]
    (data / "dev.txt").write_text("\n".join(f"{t}\t7" for t in sports), encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    clauses = [f"各级政府要进一步做好第{i}项政府信息公开工作" for i in range(60)]
    (seeds / "000.txt").write_text("。".join(clauses), encoding="utf-8")
    out = tmp_path / "model" / "govinfo.npz"
    call_command("train_govinfo_classifier", data=str(tmp_path / "data"), seeds=str(seeds), out=str(out))
    assert out.exists()
    meta = json.loads((out.parent / "govinfo_meta.json").read_text(encoding="utf-8"))
    assert meta["positives"]["seed_clauses"] == 60 and meta["negatives"]["thucnews_titles"] == 60
