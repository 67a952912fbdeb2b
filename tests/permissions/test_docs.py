from pathlib import Path

from django.core.management import call_command

from gongkai.orgs import matrix

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_docs_permissions_md_is_the_rendered_matrix():
    # Fix with: python manage.py permissions_matrix --write
    assert DOC.read_text(encoding="utf-8") == matrix.render_markdown()


def test_the_command_prints_one_row_per_entry(capsys):
    call_command("permissions_matrix")
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(matrix.MATRIX) + 1  # the heading row
    assert "| 依申请公开申请（案卷、统计） | 查看 | ✓ |" in out
