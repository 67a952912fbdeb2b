"""gunicorn's threaded worker with Chinese error pages.

gunicorn answers malformed or over-long requests itself, before Django sees them, with a
bare English page ("URI Too Long"). This worker keeps gunicorn's handling and only replaces
the page it writes. Used by ``manage.py serve`` (``--worker-class``).
"""

from __future__ import annotations

import html

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

# Status → (title, explanation). Anything else gets the generic 400/500 text.
MESSAGES = {
    400: ("请求有误", "服务器无法处理该请求，请检查网址后重试。"),
    403: ("无权访问", "该请求被拒绝。"),
    414: ("网址过长", "您访问的网址过长，服务器无法处理。请缩短检索词或筛选条件后重试。"),
    417: ("请求有误", "服务器无法满足该请求的要求。"),
    431: ("请求头过大", "请求头过大，服务器无法处理。请清除本站 Cookie 后重试。"),
    500: ("系统暂时无法处理您的请求", "服务器内部出现错误，已记录在案。请稍后重试。"),
    501: ("请求有误", "服务器不支持该请求的传输方式。"),
}


def chinese_error_page(status_int: int, reason: str) -> bytes:
    """The complete HTTP answer (status line, headers, UTF-8 body) for an error gunicorn raises."""
    title, text = MESSAGES.get(status_int, MESSAGES[500] if status_int >= 500 else MESSAGES[400])
    body = (
        '<!doctype html>\n<html lang="zh-hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · 公开 Gongkai</title></head>"
        f'<body><main><p>{status_int}</p><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p><p><a href="/">返回首页</a></p></main></body></html>\n'
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Security-Policy: default-src 'none'\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    return head + body


def write_chinese_error(sock, status_int, reason, mesg):
    util.write_nonblock(sock, chinese_error_page(int(status_int), reason))


class ChineseErrorsThreadWorker(ThreadWorker):
    def init_process(self):
        # gunicorn's Worker.handle_error calls util.write_error; point it at the Chinese page.
        util.write_error = write_chinese_error
        super().init_process()
