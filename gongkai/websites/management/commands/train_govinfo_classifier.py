"""Train the "government information?" classifier and write ``gongkai/websites/data/govinfo.npz``.

    manage.py train_govinfo_classifier --data /work/shared/data --seeds /work/shared/seeds [--titles FILE]

Data (nothing is read at run time; the product ships the model file):
- government information (label 1): the clauses of the seed policy documents (split at 。；！？ and line
  ends, 8–80 characters); THUCNews titles of the class politics that name a Chinese government actor or
  act (``GOV_ACT``: 国务院, 政府, 部署, 召开……会议, 通知, 公告 …; weak labels chosen by that pattern, since
  the seed clauses alone do not look like a post's headline); plus, with ``--catalogue``, the titles of
  the catalogue's published items (read through ``catalog.interface`` from the configured database)
  and optional titles from a file, one a line (``--titles``);
- other text (label 0): THUCNews titles (``thucnews_title_10cls/dev.txt``) of the classes finance,
  realty, stocks, science, sports, game, entertainment. Politics, education and society titles are left
  out: many of them are government information themselves, so they would teach the wrong boundary.

The model is the opinion module's hashed n-gram linear model (``opinion.interface``). Accuracy is measured
on a stratified 20 % held out before fitting (seed 42), then the model is refitted on everything; both
figures go to ``data/govinfo_meta.json``.
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.opinion import interface as opinion
from gongkai.websites.classifier import META_FILE, MODEL_FILE

NEGATIVE_CLASSES = {"finance", "realty", "stocks", "science", "sports", "game", "entertainment"}
SEED = 42
HELD_OUT = 0.2
SPLIT = re.compile(r"[。；！？\n]")
GOV_ACT = re.compile(
    r"国务院|人民政府|政府|党中央|中央|省委|市委|县委|发改委|委员会|[部厅局委办]长?(?:召开|印发|发布|部署|关于)|"
    r"召开.{0,12}会议|常务会议|部署|印发|通知|公告|通报|意见|办法|条例|规划|政策|工作"
)
FOREIGN = re.compile(
    r"美国|日本|韩国|朝鲜|俄罗斯|英国|法国|德国|印度|伊朗|以色列|巴勒斯坦|叙利亚|欧盟|联合国|北约|奥巴马|普京"
)


def seed_clauses(folder: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for clause in SPLIT.split(path.read_text(encoding="utf-8", errors="ignore")):
            clause = clause.strip(" \u3000\t\r，、：")
            if 8 <= len(clause) <= 80:
                out.append(clause[:80])
    return out


def thucnews_politics(data: Path) -> list[str]:
    """Politics titles that name a Chinese government actor or act (and no foreign country)."""
    folder = data / "thucnews_title_10cls"
    names = (folder / "class.txt").read_text(encoding="utf-8").split()
    out = []
    for line in (folder / "dev.txt").read_text(encoding="utf-8").splitlines():
        title, _, label = line.rpartition("\t")
        is_politics = title and label.isdigit() and names[int(label)] == "politics"
        if is_politics and GOV_ACT.search(title) and not FOREIGN.search(title):
            out.append(title)
    return out


def thucnews_negatives(data: Path) -> list[str]:
    folder = data / "thucnews_title_10cls"
    names = (folder / "class.txt").read_text(encoding="utf-8").split()
    out = []
    for line in (folder / "dev.txt").read_text(encoding="utf-8").splitlines():
        title, _, label = line.rpartition("\t")
        if title and label.isdigit() and names[int(label)] in NEGATIVE_CLASSES:
            out.append(title)
    return out


class Command(BaseCommand):
    help = "训练“是否政府信息”分类模型（读取共享数据集与样例文件，写入 gongkai/websites/data/）。"

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="数据集目录（含 thucnews_title_10cls/）")
        parser.add_argument("--seeds", required=True, help="样例政策文件目录（*.txt）")
        parser.add_argument("--titles", help="可选：主动公开目录信息标题，每行一条")
        parser.add_argument("--catalogue", action="store_true", help="同时使用本平台已公开的目录信息标题")
        parser.add_argument("--out", default=str(MODEL_FILE))

    def handle(self, *args, **opts):
        data, seeds = Path(opts["data"]), Path(opts["seeds"])
        if not (data / "thucnews_title_10cls").is_dir() or not seeds.is_dir():
            raise CommandError("找不到数据集或样例文件目录。")
        positives = seed_clauses(seeds)
        n_seed = len(positives)
        politics = thucnews_politics(data)
        positives += politics
        titles = 0
        if opts.get("catalogue"):
            from gongkai.catalog.interface import published_titles

            own = published_titles()
            titles += len(own)
            positives += own
        if opts.get("titles"):
            extra = [t.strip() for t in Path(opts["titles"]).read_text(encoding="utf-8").splitlines() if t.strip()]
            titles += len(extra)
            positives += extra
        negatives = thucnews_negatives(data)
        rng = random.Random(SEED)
        rng.shuffle(negatives)
        negatives = negatives[: max(len(positives) * 3, 1000)]
        rows = [(t, 1) for t in positives] + [(t, 0) for t in negatives]
        rng.shuffle(rows)
        # Stratified hold-out.
        held, train = [], []
        for label in (0, 1):
            group = [r for r in rows if r[1] == label]
            cut = int(len(group) * HELD_OUT)
            held += group[:cut]
            train += group[cut:]
        norm_train = opinion.normalise_texts([t for t, _ in train])
        _, model = opinion.fit_text_classifier(norm_train, [y for _, y in train])
        scores = model.proba(opinion.normalise_texts([t for t, _ in held]))
        correct = sum(int((s >= 0.5) == bool(y)) for s, (_, y) in zip(scores, held, strict=True))
        held_pos = [s for s, (_, y) in zip(scores, held, strict=True) if y == 1]
        recall = sum(1 for s in held_pos if s >= 0.5) / max(len(held_pos), 1)
        arrays, _ = opinion.fit_text_classifier(opinion.normalise_texts([t for t, _ in rows]), [y for _, y in rows])
        out = Path(opts["out"])
        opinion.save_text_classifier(out, arrays)
        meta = {
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "positives": {
                "seed_clauses": n_seed,
                "thucnews_politics_gov_titles": len(politics),
                "catalogue_titles": titles,
            },
            "negatives": {"thucnews_titles": len(negatives), "classes": sorted(NEGATIVE_CLASSES)},
            "held_out": {"share": HELD_OUT, "rows": len(held), "accuracy": round(correct / max(len(held), 1), 4)},
            "held_out_recall_gov_info": round(recall, 4),
            "threshold": 0.5,
        }
        (out.parent / META_FILE.name).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(json.dumps(meta, ensure_ascii=False))
