"""The press journey of issue 11 in a real browser: a department (its liaison) plans a press
conference and submits it; the county news office and the bureau's administrator (the competent
department) approve it, each in their own session; it is announced and held; a video (recorded in
the browser itself with MediaRecorder: a tiny valid WebM) and the transcript are published; a
citizen opens the 新闻发布会 column and plays the video, fetched with HTTP range requests (206)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.orgs.enums import Role
from gongkai.press.models import Conference
from tests.factories import UserFactory, grant

from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Passw0rd!gk"
TOPIC = "秋季学期招生入学工作新闻发布会"

RECORD_WEBM = """async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  const ctx = canvas.getContext('2d');
  let n = 0;
  const draw = () => { ctx.fillStyle = n % 2 ? '#c00' : '#06c'; ctx.fillRect(0, 0, 160, 120);
                       ctx.fillStyle = '#fff'; ctx.fillText('发布会 ' + n, 20, 60); n++; };
  draw();
  const stream = canvas.captureStream(15);
  const rec = new MediaRecorder(stream, {mimeType: 'video/webm;codecs=vp8'});
  const chunks = [];
  rec.ondataavailable = e => { if (e.data.size) chunks.push(e.data); };
  const timer = setInterval(draw, 60);
  const done = new Promise(resolve => { rec.onstop = resolve; });
  rec.start();
  await new Promise(r => setTimeout(r, 1200));
  rec.stop();
  await done;
  clearInterval(timer);
  const buf = new Uint8Array(await new Blob(chunks, {type: 'video/webm'}).arrayBuffer());
  let s = ''; for (const b of buf) s += String.fromCharCode(b);
  return btoa(s);
}"""


def session(chromium, base_url: str):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.base_url = base_url
    return context, pg


def approve(chromium, base_url: str, username: str, name: str) -> None:
    context, pg = session(chromium, base_url)
    try:
        sign_in(pg, username, PASSWORD)
        pg.get_by_role("link", name="审核任务").click()
        pg.get_by_role("link", name=TOPIC).click()
        pg.get_by_label("通过", exact=True).check()
        pg.get_by_label("审核意见").fill("同意召开。")
        shot(pg, f"press-{name}-approves")
        pg.get_by_role("button", name="提交审核意见").click()
        pg.get_by_text("已提交审核意见。").wait_for()
    finally:
        context.close()


@pytest.fixture
def people(department, county_gov, unit_admin):
    liaison = UserFactory(username="liaison")
    grant(liaison, Role.LIAISON, department)
    news = UserFactory(username="newsoffice")
    grant(news, Role.NEWS_OFFICE, county_gov)
    return liaison, news


def test_conference_planned_approved_held_published_and_played(page, chromium, live_server, people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    local_now = timezone.localtime()
    planned = (local_now + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    held = (local_now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    # given the bureau's liaison signed in, planning a conference
    sign_in(page, "liaison", PASSWORD)
    page.goto(page.base_url + "/office/")
    page.get_by_role("link", name="策划发布会").first.click()
    page.get_by_label("发布主题").fill(TOPIC)
    page.get_by_label("计划时间").fill(planned)
    page.get_by_label("地点").fill("旗政府新闻发布厅")
    page.get_by_label("发布人").fill("褚云（副局长、新闻发言人）")
    page.get_by_label("发布口径", exact=True).fill("一、招生政策总体稳定；二、公办学校划片入学。")
    page.get_by_label("风险评估", exact=True).fill("学区调整可能引发关注，已准备解读材料。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="报请审批").click()
    page.get_by_text("已报请新闻办和主管部门审批。").wait_for()
    assert page.locator("#conference-status").inner_text() == "报批中"

    # then the citizen sees nothing of it yet
    citizen_ctx, citizen = session(chromium, live_server.url)
    citizen.goto(live_server.url + "/press/")
    assert TOPIC not in citizen.content()

    # when the news office and the competent department approve, each in their own session
    approve(chromium, live_server.url, "newsoffice", "news-office")
    approve(chromium, live_server.url, "unitadmin", "competent-department")

    # then the liaison announces it and records it held
    page.reload()
    assert page.locator("#conference-status").inner_text() == "已获批准"
    page.get_by_role("button", name="在门户网站公告").click()
    page.get_by_label("举行时间").fill(held)
    page.get_by_label("新闻发言人或相关负责人出席").check()
    page.get_by_role("button", name="已举行").click()
    page.get_by_text("已登记举行情况。").wait_for()

    # and uploads a video recorded right here (a tiny valid WebM) and publishes the transcript
    webm = base64.b64decode(page.evaluate(RECORD_WEBM))
    assert webm[:4] == b"\x1a\x45\xdf\xa3" and len(webm) > 200
    video = tmp_path / "发布会实况.webm"
    video.write_bytes(webm)
    form = page.locator("#media-form")
    form.get_by_label("类别").select_option(label="视频")
    form.get_by_label("标题").fill("发布会实况")
    form.get_by_label("文件").set_input_files(str(video))
    form.get_by_role("button", name="上传").click()
    page.get_by_text("已上传。").wait_for()
    page.locator("#publish-form").get_by_label("文字实录").fill(
        "主持人：各位记者朋友，上午好！今天介绍秋季学期招生入学工作。"
    )
    page.get_by_role("button", name="发布实录和音视频").click()
    page.get_by_text("已在新闻发布会栏目发布实录和音视频。").wait_for()
    shot(page, "press-published")
    assert Conference.objects.get(topic=TOPIC).status == "published"

    # when a citizen opens the column and plays the video
    partial = []
    citizen.on("response", lambda r: partial.append(r.status) if "/media/" in r.url else None)
    citizen.goto(live_server.url + "/")
    citizen.get_by_role("link", name="新闻发布会").first.click()
    citizen.get_by_role("link", name=TOPIC).click()
    citizen.get_by_text("主持人：各位记者朋友，上午好！").wait_for()
    player = citizen.locator("video")
    player.wait_for()
    citizen.wait_for_function("() => document.querySelector('video').readyState >= 1")
    citizen.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    citizen.wait_for_function("() => document.querySelector('video').currentTime > 0")
    assert citizen.evaluate("() => document.querySelector('video').error") is None
    shot(citizen, "press-citizen-plays")

    # then the browser fetched the video by byte ranges (206 Partial Content)
    assert 206 in partial, partial
    citizen_ctx.close()
