"""A small reader for the XPath expressions of ``relevant`` and ``constraint`` cells.

Not an XPath implementation: a tokenizer and a recursive-descent parser for the part of XPath
that real forms write in these cells (``${q} = 'v'``, ``selected(${q}, 'v')``, ``not(...)``,
``and``/``or``, comparisons, arithmetic, function calls, ``.`` and relative paths). The tree
it gives is judged by :mod:`pipeline.xlsform.conditions`; what the parser cannot read raises
:class:`ExpressionError` (the condition is then reported as lost, never guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import PraxisError

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*[^}\s]+\s*\})
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\|)
  | (?P<path>\.\.?(?:/[\w.-]+)+|\.\.|/[\w./-]+)
  | (?P<dot>\.)
  | (?P<name>[A-Za-z_][\w.:-]*)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
    """,
    re.VERBOSE,
)


class ExpressionError(PraxisError):
    """The expression could not be read (unbalanced brackets, an unknown character, ...)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass(frozen=True)
class Ref:
    """``${name}``."""

    name: str


@dataclass(frozen=True)
class Literal:
    """A string or number, as written (``'ja'`` -> ``ja``, ``1`` -> ``1``)."""

    value: str
    number: bool = False


@dataclass(frozen=True)
class Current:
    """``.``: the current answer (in a constraint)."""


@dataclass(frozen=True)
class RelativePath:
    """``../x``, ``./source``, ``/data/x``: a path praxis cannot follow."""

    text: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Arithmetic:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Logic:
    """``and``/``or`` over two or more parts."""

    op: str
    parts: tuple[Node, ...]


Node = Ref | Literal | Current | RelativePath | Call | Compare | Arithmetic | Logic

COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


def normalise(text: str) -> str:
    """Typographic quotes made plain (``’religious’`` -> ``'religious'``), spaces trimmed."""
    return text.translate(_QUOTES).strip()


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(f"cannot read {text[position : position + 12]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            found.append(Token(kind, match.group()))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokens(text)
        self.at = 0

    def peek(self, kind: str = "", text: str = "") -> bool:
        if self.at >= len(self.tokens):
            return False
        token = self.tokens[self.at]
        return (not kind or token.kind == kind) and (not text or token.text == text)

    def take(self) -> Token:
        if self.at >= len(self.tokens):
            raise ExpressionError("the expression ends too early")
        self.at += 1
        return self.tokens[self.at - 1]

    def expect(self, kind: str) -> None:
        if not self.peek(kind):
            raise ExpressionError(f"expected {kind}")
        self.take()

    def logic(self, op: str, lower: str) -> Node:
        parts = [getattr(self, lower)()]
        while self.peek("name", op):
            self.take()
            parts.append(getattr(self, lower)())
        return parts[0] if len(parts) == 1 else Logic(op, tuple(parts))

    def either(self) -> Node:
        return self.logic("or", "both")

    def both(self) -> Node:
        return self.logic("and", "comparison")

    def comparison(self) -> Node:
        left = self.arithmetic()
        if self.peek("op") and self.tokens[self.at].text in COMPARISONS:
            op = self.take().text
            return Compare(op, left, self.arithmetic())
        return left

    def arithmetic(self) -> Node:
        left = self.unary()
        while self._arithmetic_operator():
            op = self.take().text
            left = Arithmetic(op, left, self.unary())
        return left

    def _arithmetic_operator(self) -> bool:
        if self.peek("op") and self.tokens[self.at].text in ("+", "-", "*", "|"):
            return True
        return self.peek("name") and self.tokens[self.at].text in ("div", "mod")

    def unary(self) -> Node:
        if self.peek("op", "-"):
            self.take()
            inner = self.unary()
            if isinstance(inner, Literal) and inner.number:
                return Literal("-" + inner.value, True)
            return Arithmetic("-", Literal("0", True), inner)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        simple = _simple(token)
        if simple is not None:
            return simple
        if token.kind == "lparen":
            inner = self.either()
            self.expect("rparen")
            return inner
        if token.kind == "name" and self.peek("lparen"):
            return self.call(token.text)
        if token.kind == "name":
            return RelativePath(token.text)  # a bare child name: a path
        raise ExpressionError(f"unexpected {token.text!r}")

    def call(self, name: str) -> Node:
        self.expect("lparen")
        args: list[Node] = []
        if not self.peek("rparen"):
            args.append(self.either())
            while self.peek("comma"):
                self.take()
                args.append(self.either())
        self.expect("rparen")
        return Call(name, tuple(args))


def _simple(token: Token) -> Node | None:
    if token.kind == "ref":
        return Ref(token.text[2:-1].strip())
    if token.kind == "string":
        return Literal(token.text[1:-1])
    if token.kind == "number":
        return Literal(token.text, True)
    if token.kind == "dot":
        return Current()
    if token.kind == "path":
        return RelativePath(token.text)
    return None


def parse(text: str) -> Node:
    """The tree of ``text`` (typographic quotes allowed); raise :class:`ExpressionError`."""
    parser = _Parser(normalise(text))
    if not parser.tokens:
        raise ExpressionError("the expression is empty")
    node = parser.either()
    if parser.at != len(parser.tokens):
        raise ExpressionError(f"unexpected {parser.tokens[parser.at].text!r}")
    return node


def references(node: Node) -> list[str]:
    """The ``${names}`` an expression refers to, in order, each once."""
    found: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Ref) and n.name not in found:
            found.append(n.name)
        for child in _children(n):
            walk(child)

    walk(node)
    return found


def _children(n: Node) -> tuple[Node, ...]:
    if isinstance(n, Call):
        return n.args
    if isinstance(n, Compare | Arithmetic):
        return (n.left, n.right)
    if isinstance(n, Logic):
        return n.parts
    return ()
