"""``manage.py deadline``: text and JSON output, rule lookup, clear errors for bad input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_text_output_for_the_spec_example():
    out = run("--start", "2026-11-23", "--working-days", "20")
    assert out.splitlines()[0] == "到期：2026-12-21（正式）"
    assert "跳过的日期：2026-11-28 周六；2026-11-29 周日；2026-12-05 周六" in out


def test_json_output_has_due_provisional_citation_and_skipped():
    data = json.loads(run("--start", "2026-09-30", "--working-days", "3", "--json"))
    assert data["due"] == "2026-10-10"
    assert data["provisional"] is False
    assert data["citation"] is None
    assert data["skipped"] == [{"date": f"2026-10-0{i}", "reason": "国庆节"} for i in range(1, 8)]
    assert data["makeup_days"] == [{"date": "2026-10-10", "name": "国庆节调休上班"}]


def test_rule_gives_amount_and_citation_from_the_start_date():
    old = json.loads(run("--start", "2019-05-14", "--rule", "foi.answer_period", "--json"))
    new = json.loads(run("--start", "2019-05-15", "--rule", "foi.answer_period", "--json"))
    assert (old["amount"], old["due"]) == (15, "2019-06-04")
    assert old["citation"] == "《政府信息公开条例》（2007年，国务院令第492号）第二十四条"
    assert (new["amount"], new["due"]) == (20, "2019-06-13")
    assert new["citation"] == "《政府信息公开条例》（2019年修订，国务院令第711号）第三十三条"
    text = run("--start", "2019-05-15", "--rule", "foi.answer_period")
    assert "依据：《政府信息公开条例》（2019年修订，国务院令第711号）第三十三条" in text


def test_hours_with_a_local_rule():
    data = json.loads(
        run("--start", "2026-03-02T10:00", "--rule", "opinion.response_ordinary", "--jurisdiction", "532923", "--json")
    )
    assert data["due_at"] == "2026-03-03T22:00:00+08:00"
    assert data["citation"] == "祥政办通〔2019〕54号 六(十四)"
    assert data["jurisdiction"] == {"code": "532923", "name": "云南省大理白族自治州祥云县"}
    assert run("--start", "2026-03-02T10:00", "--hours", "5").splitlines()[0] == "到期：2026-03-02 15:00（正式）"


def test_provisional_into_2027():
    data = json.loads(run("--start", "2026-12-20", "--working-days", "20", "--json"))
    assert data["due"] == "2027-01-18"
    assert data["provisional"] is True
    assert {"date": "2027-01-01", "reason": "元旦（推算）"} in data["skipped"]
    assert run("--start", "2026-12-20", "--working-days", "20").splitlines()[0] == "到期：2027-01-18（暂定）"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-11-23", "--working-days", "20", "--jurisdiction", "999999"], "未知的行政区划：999999。"),
        (["--start", "2026-11-23", "--rule", "foi.nope"], "未知的规则键：foi.nope。"),
        (["--start", "2026-11-31", "--working-days", "20"], "起算日期格式有误"),
        (["--start", "2026-11-23", "--working-days", "-3"], "期限不能为负数（收到 -3）。"),
        (["--start", "2026-11-23", "--working-days", "abc"], "工作日数应为整数（收到“abc”）。"),
        (["--start", "1980-01-01", "--working-days", "5"], "超出可计算范围（1990-01-01 至 2099-12-31）"),
        (["--start", "2026-11-23"], "请填写工作日数或小时数，或指定规则。"),
        (["--start", "2026-11-23", "--working-days", "5", "--hours", "5"], "工作日数和小时数只能填写一项。"),
        (["--start", "2018-01-01", "--rule", "foi.supplement_notice_period"], "没有适用的规则记录"),
        (["--start", "2026-11-23", "--rule", "training.min_class_hours"], "不是期限规则"),
        (["--start", "2026-11-23", "--rule", "opinion.response_ordinary", "--working-days", "2"], "按小时计算"),
    ],
)
def test_bad_input_is_a_command_error_in_chinese(args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert message in str(exc.value)


def test_bad_input_exits_non_zero_without_traceback(tmp_path):
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "manage.py", "deadline", "--start", "2026-02-30", "--working-days", "20"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "起算日期格式有误：“2026-02-30”" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
