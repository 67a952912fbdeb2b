"""Monitoring-plan expressions (监测方案): a small boolean grammar over keywords.

A plan is written as optional group definitions, one per line, then one expression::

    # 地点词、事件词、排除词
    @地点 = 敖勒召其镇 / 敖镇 / 鄂托克前旗
    @事件 = 停水 / 断水 / 没水 / 自来水
    @地点 @事件 NOT (演练 OR 测试)

Grammar (case-insensitive operators; Chinese forms in brackets)::

    plan        := (definition NEWLINE)* expression
    definition  := "@" NAME "=" alternative ("/" | "|" | "，" | ","  alternative)*
    expression  := and_expr (("OR" | "|" | "或") and_expr)*
    and_expr    := unary (("AND" | "&" | "+" | "且")? unary)*      -- juxtaposition is AND
    unary       := ("NOT" | "-" | "!" | "非") unary | primary        -- "A NOT B" = A AND NOT B
    primary     := "(" expression ")" | "@" NAME | word ("/" word)*   -- "/" joins synonyms
    word        := a run of characters without spaces or ()|&!+/@"=，,  |  "a quoted phrase"

Words are matched as substrings of the normalised post text (the same normalisation as the text
models: Traditional → Simplified, full-width → half-width, lower case), so ``停水`` also finds
``停水了`` and ``停水`` in a Traditional post. Rules checked (errors in Chinese, with the place):
balanced parentheses, no operator without an operand, groups defined before use and once, words
of at most ``MAX_TERM_CHARS`` characters, at most ``MAX_TERMS`` distinct words, and the expression
must need at least one word to be present (an expression that holds for a text with none of its
words — ``NOT 演练`` alone — would catch everything).

``parse(text)`` returns a ``CompiledPlan`` (a JSON-able structure in ``.as_json()``, the distinct
normalised ``terms`` and the ``positive`` ones, i.e. not under NOT); ``CompiledPlan.matches(found)``
evaluates it over the set of words found in a text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gongkai.core.errors import ValidationFailed

from .nlp import normalise

MAX_TERM_CHARS = 30
MAX_TERMS = 500
MAX_EXPRESSION_CHARS = 10_000

_OR = {"or", "|", "或", "｜"}
_AND = {"and", "&", "+", "且", "＆"}
_NOT = {"not", "-", "!", "非", "！"}
_SPECIAL = set('()（）|&!+/@"=，,｜＆！“”')
_DEF = re.compile(r"^\s*[@＠]\s*([^\s=＝@＠()（）]+)\s*[=＝](.*)$")


class PlanSyntaxError(ValidationFailed):
    code = "plan_syntax"


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "group", "(", ")", "or", "and", "not", "/"
    value: str
    pos: int  # 1-based character position in the line
    line: int


def _err(message: str, tok: _Tok | None = None, line: int | None = None) -> PlanSyntaxError:
    where = ""
    if tok is not None:
        where = f"第 {tok.line} 行第 {tok.pos} 个字符处：" if tok.line else f"第 {tok.pos} 个字符处："
    elif line:
        where = f"第 {line} 行："
    return PlanSyntaxError(
        f"{where}{message}", detail={"line": tok.line if tok else line, "pos": tok.pos if tok else None}
    )


def _tokenise(text: str, line_no: int) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        pos = i + 1
        if ch in "(（":
            toks.append(_Tok("(", ch, pos, line_no))
            i += 1
        elif ch in ")）":
            toks.append(_Tok(")", ch, pos, line_no))
            i += 1
        elif ch in "|｜":
            toks.append(_Tok("or", ch, pos, line_no))
            i += 1
        elif ch in "&+＆":
            toks.append(_Tok("and", ch, pos, line_no))
            i += 1
        elif ch in "!！" or (ch == "-" and (i + 1 < n and not text[i + 1].isspace())):
            toks.append(_Tok("not", ch, pos, line_no))
            i += 1
        elif ch == "/":
            toks.append(_Tok("/", ch, pos, line_no))
            i += 1
        elif ch in "@＠":
            j = i + 1
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            name = text[i + 1 : j]
            if not name:
                raise _err("“@”后应写分组名称。", _Tok("group", "", pos, line_no))
            toks.append(_Tok("group", name, pos, line_no))
            i = j
        elif ch in '"“':
            close = '"' if ch == '"' else "”"
            j = text.find(close, i + 1)
            if j < 0:
                raise _err("引号没有闭合。", _Tok("word", "", pos, line_no))
            toks.append(_Tok("word", text[i + 1 : j], pos, line_no))
            i = j + 1
        elif ch in "=＝，,":
            raise _err(
                f"这里不能使用“{ch}”（分组定义须单独成行，写作“@名称 = 词1 / 词2”）。", _Tok("word", ch, pos, line_no)
            )
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            word = text[i:j]
            low = word.lower()
            if low in _OR:
                toks.append(_Tok("or", word, pos, line_no))
            elif low in _AND:
                toks.append(_Tok("and", word, pos, line_no))
            elif low in _NOT:
                toks.append(_Tok("not", word, pos, line_no))
            else:
                toks.append(_Tok("word", word, pos, line_no))
            i = j
    return toks


# Nodes: ("any", (term, ...)) | ("and", (node, ...)) | ("or", (node, ...)) | ("not", node)
Node = tuple


class _Parser:
    def __init__(self, toks: list[_Tok], groups: dict[str, tuple[str, ...]], used: set[str], line_no: int):
        self.toks = toks
        self.i = 0
        self.groups = groups
        self.used = used
        self.line_no = line_no

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            raise _err("监测表达式为空，请至少写一个关键词。", line=self.line_no)
        node = self.expression()
        tok = self.peek()
        if tok is not None:
            if tok.kind == ")":
                raise _err("多余的右括号。", tok)
            raise _err(f"无法理解“{tok.value}”。", tok)
        return node

    def expression(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in (")", "or", "and"):
                raise _err(f"“{tok.value}”后缺少关键词。", tok)
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else ("or", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("or", ")"):
            if tok.kind == "and":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt.kind in (")", "or", "and"):
                    raise _err(f"“{tok.value}”后缺少关键词。", tok)
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else ("and", tuple(parts))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise _err("表达式不完整：末尾缺少关键词。", line=self.line_no)
        if tok.kind == "not":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "or", "and"):
                raise _err(f"“{tok.value}”后缺少要排除的关键词。", tok)
            return ("not", self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "(":
            if self.peek() is not None and self.peek().kind == ")":
                raise _err("括号内为空。", tok)
            node = self.expression()
            close = self.peek()
            if close is None or close.kind != ")":
                raise _err("左括号没有对应的右括号。", tok)
            self.take()
            return node
        if tok.kind == "group":
            if tok.value not in self.groups:
                raise _err(f"分组“@{tok.value}”未定义（请在表达式之前写“@{tok.value} = 词1 / 词2”）。", tok)
            self.used.add(tok.value)
            return ("any", self.groups[tok.value])
        if tok.kind == "word":
            words = [self._word(tok)]
            while (nxt := self.peek()) is not None and nxt.kind == "/":
                self.take()
                follow = self.peek()
                if follow is None or follow.kind != "word":
                    raise _err("“/”后缺少同义词。", nxt)
                words.append(self._word(self.take()))
            return ("any", tuple(dict.fromkeys(words)))
        if tok.kind == ")":
            raise _err("多余的右括号。", tok)
        if tok.kind == "/":
            raise _err("“/”前缺少关键词。", tok)
        raise _err(f"“{tok.value}”前缺少关键词。", tok)

    def _word(self, tok: _Tok) -> str:
        return _normalise_term(tok.value, tok)


def _normalise_term(raw: str, tok: _Tok | None = None, line: int | None = None) -> str:
    term = normalise(raw.strip())
    if not term:
        raise _err(f"关键词“{raw}”为空或只含表情、链接等会被忽略的内容。", tok, line)
    if len(term) > MAX_TERM_CHARS:
        raise _err(f"关键词“{raw}”超过 {MAX_TERM_CHARS} 个字。", tok, line)
    return term


def _terms(node: Node, negated: bool, out_all: dict[str, None], out_pos: dict[str, None]) -> None:
    kind = node[0]
    if kind == "any":
        for t in node[1]:
            out_all[t] = None
            if not negated:
                out_pos[t] = None
    elif kind == "not":
        _terms(node[1], not negated, out_all, out_pos)
    else:
        for child in node[1]:
            _terms(child, negated, out_all, out_pos)


def _compile(node: Node) -> Callable[[set[str] | frozenset[str]], bool]:
    kind = node[0]
    if kind == "any":
        terms = frozenset(node[1])
        if len(terms) == 1:
            (only,) = terms
            return lambda found: only in found
        return lambda found: not terms.isdisjoint(found)
    if kind == "not":
        inner = _compile(node[1])
        return lambda found: not inner(found)
    children = tuple(_compile(c) for c in node[1])
    if kind == "and":
        return lambda found: all(c(found) for c in children)
    return lambda found: any(c(found) for c in children)


def _to_json(node: Node) -> dict:
    kind = node[0]
    if kind == "any":
        return {"any": list(node[1])}
    if kind == "not":
        return {"not": _to_json(node[1])}
    return {kind: [_to_json(c) for c in node[1]]}


def _from_json(data: dict) -> Node:
    (kind, value), *_ = data.items()
    if kind == "any":
        return ("any", tuple(value))
    if kind == "not":
        return ("not", _from_json(value))
    return (kind, tuple(_from_json(c) for c in value))


def _describe(node: Node, top: bool = True) -> str:
    kind = node[0]
    if kind == "any":
        return node[1][0] if len(node[1]) == 1 else "（" + "或".join(node[1]) + "）"
    if kind == "not":
        inner = node[1]
        if inner[0] == "or" and all(c[0] == "any" for c in inner[1]):
            inner = ("any", tuple(t for c in inner[1] for t in c[1]))
        return "不含" + _describe(inner, False)
    joiner = "，且" if kind == "and" else "；或"
    text = joiner.join(_describe(c, False) for c in node[1])
    return text if top else f"［{text}］"


@dataclass
class CompiledPlan:
    tree: Node
    terms: tuple[str, ...]
    positive: frozenset[str]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _fn: Callable | None = field(default=None, repr=False)

    def matches(self, found: Iterable[str]) -> bool:
        """Does the plan hold for a text in which exactly the words ``found`` occur?"""
        if self._fn is None:
            self._fn = _compile(self.tree)
        found_set = found if isinstance(found, set | frozenset) else set(found)
        return self._fn(found_set)

    def as_json(self) -> dict:
        return {
            "version": 1,
            "tree": _to_json(self.tree),
            "terms": list(self.terms),
            "positive": sorted(self.positive),
            "groups": {k: list(v) for k, v in self.groups.items()},
        }

    def describe(self) -> str:
        """The expression in words, e.g. "（敖勒召其镇或敖镇），且（停水或断水），且不含演练"."""
        return _describe(self.tree)

    @classmethod
    def from_json(cls, data: dict) -> CompiledPlan:
        tree = _from_json(data["tree"])
        return cls(
            tree=tree,
            terms=tuple(data.get("terms") or ()),
            positive=frozenset(data.get("positive") or ()),
            groups={k: tuple(v) for k, v in (data.get("groups") or {}).items()},
        )


def parse(text: str) -> CompiledPlan:
    """Parse and validate a plan; raises ``PlanSyntaxError`` (a ValidationFailed) with a Chinese message."""
    if not isinstance(text, str) or not text.strip():
        raise PlanSyntaxError("监测表达式为空，请至少写一个关键词。")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise PlanSyntaxError(f"监测表达式过长（不超过 {MAX_EXPRESSION_CHARS} 个字符）。")
    groups: dict[str, tuple[str, ...]] = {}
    expr_lines: list[tuple[int, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _DEF.match(line)
        if m:
            if expr_lines:
                raise _err("分组定义应写在表达式之前。", line=line_no)
            name, body = m.group(1), m.group(2)
            if name in groups:
                raise _err(f"分组“@{name}”重复定义。", line=line_no)
            words = [w for w in re.split(r"[/|｜，,、\s]+", body) if w.strip()]
            if not words:
                raise _err(f"分组“@{name}”没有关键词。", line=line_no)
            groups[name] = tuple(dict.fromkeys(_normalise_term(w.strip('"“”'), line=line_no) for w in words))
            continue
        expr_lines.append((line_no, line))
    if not expr_lines:
        raise PlanSyntaxError("只有分组定义，缺少监测表达式（例如“@地点 @事件”）。")
    toks: list[_Tok] = []
    for line_no, line in expr_lines:
        toks.extend(_tokenise(line, line_no if len(expr_lines) > 1 or groups else 0))
    used: set[str] = set()
    tree = _Parser(toks, groups, used, expr_lines[0][0] if len(expr_lines) > 1 or groups else 0).parse()
    all_terms: dict[str, None] = {}
    positive: dict[str, None] = {}
    _terms(tree, False, all_terms, positive)
    if len(all_terms) > MAX_TERMS:
        raise PlanSyntaxError(f"关键词过多（{len(all_terms)} 个，不超过 {MAX_TERMS} 个）。")
    plan = CompiledPlan(tree=tree, terms=tuple(all_terms), positive=frozenset(positive), groups=groups)
    if plan.matches(frozenset()):
        raise PlanSyntaxError("表达式在文本不含任何关键词时也成立（例如只有“非”条件），请加入必须出现的关键词。")
    return plan
