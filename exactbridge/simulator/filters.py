"""An OData v2 ``$filter`` subset (reference §2.6, V): ``eq ne gt ge lt le and or not``,
parentheses, ``'…'`` strings with ``''`` escaping, ``guid'…'``, ``datetime'…'``, numbers with an
optional ``L``/``M``/``D`` suffix, ``true/false/null``, and the functions ``trim``, ``substringof``,
``startswith``, ``endswith``, ``tolower``, ``toupper``.

``compile_filter(text, field_types)`` returns a predicate over stored rows and the set of
properties it mentions (for mandatory filtering). Mismatched operand types are refused the way a
typed OData service refuses them, with a 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .odata_types import parse_datetime


class FilterError(ValueError):
    """The filter cannot be parsed or evaluated; rendered as 400 with Exact's error JSON."""


TOKEN = re.compile(
    r"\s*(?:(?P<typed>(?:guid|datetime|datetimeoffset)'[^']*')"
    r"|(?P<str>'(?:[^']|'')*')"
    r"|(?P<num>-?\d+(?:\.\d+)?[LlMmDdFf]?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>[(),]))"
)
OPS = {"eq", "ne", "gt", "ge", "lt", "le"}
FUNCS = {"trim", "substringof", "startswith", "endswith", "tolower", "toupper"}

Value = tuple[str, object]  # (kind, value); kinds: str guid dt num bool null


def _tokens(text: str) -> list[tuple[str, str]]:
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FilterError(f"Syntax error at position {pos} in '{text}'.")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _field_value(kind: str | None, raw: object) -> Value:
    if raw is None:
        return ("null", None)
    if kind == "guid":
        return ("guid", str(raw).lower())
    if kind == "dt":
        return ("dt", parse_datetime(str(raw)))
    if kind in {"int", "long", "float", "byte"}:
        return ("num", raw)
    if kind == "bool":
        return ("bool", bool(raw))
    return ("str", str(raw))


def _literal(kind: str, text: str) -> Value:
    if kind == "str":
        return ("str", text[1:-1].replace("''", "'"))
    if kind == "typed":
        prefix, _, rest = text.partition("'")
        body = rest[:-1]
        if prefix == "guid":
            if not re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", body):
                raise FilterError(f"Unrecognized 'Edm.Guid' literal 'guid'{body}''.")
            return ("guid", body.lower())
        try:
            return ("dt", parse_datetime(body))
        except ValueError:
            raise FilterError(f"Unrecognized 'Edm.DateTime' literal '{text}'.") from None
    number = text.rstrip("LlMmDdFf")
    return ("num", float(number) if "." in number or text[-1:] in "MmDdFf" else int(number))


def _compare(op: str, a: Value, b: Value) -> bool:
    if a[0] == "null" or b[0] == "null":
        if op in {"eq", "ne"}:
            return (a[1] is None and b[1] is None) == (op == "eq")
        return False
    if a[0] != b[0]:
        raise FilterError(f"Operator '{op}' incompatible with operand types '{a[0]}' and '{b[0]}'.")
    x, y = a[1], b[1]
    if a[0] == "str":
        # SQL Server's case-insensitive collation: a design choice (reference silent, U).
        x, y = str(x).lower(), str(y).lower()
    if op == "eq":
        return x == y
    if op == "ne":
        return x != y
    if a[0] in {"guid", "bool"}:
        raise FilterError(f"Operator '{op}' not defined for operand type '{a[0]}'.")
    return {"gt": x > y, "ge": x >= y, "lt": x < y, "le": x <= y}[op]  # type: ignore[operator]


class _Parser:
    def __init__(self, text: str, types: dict[str, str], type_name: str) -> None:
        self.toks = _tokens(text)
        self.i = 0
        self.types = types
        self.type_name = type_name
        self.props: set[str] = set()

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1].lower() != value):
            raise FilterError(f"Expected '{value or 'operand'}' in $filter.")
        self.i += 1
        return tok

    def keyword(self, word: str) -> bool:
        tok = self.peek()
        if tok and tok[0] == "name" and tok[1].lower() == word:
            self.i += 1
            return True
        return False

    def parse(self) -> Callable[[dict], Value]:
        expr = self.or_expr()
        if self.peek() is not None:
            raise FilterError(f"Syntax error near '{self.peek()[1]}' in $filter.")  # type: ignore[index]
        return expr

    def or_expr(self):
        left = self.and_expr()
        while self.keyword("or"):
            right = self.and_expr()
            left = (lambda lf, rf: lambda row: ("bool", _truth(lf(row)) or _truth(rf(row))))(
                left, right
            )
        return left

    def and_expr(self):
        left = self.not_expr()
        while self.keyword("and"):
            right = self.not_expr()
            left = (lambda lf, rf: lambda row: ("bool", _truth(lf(row)) and _truth(rf(row))))(
                left, right
            )
        return left

    def not_expr(self):
        if self.keyword("not"):
            inner = self.not_expr()
            return lambda row: ("bool", not _truth(inner(row)))
        return self.comparison()

    def comparison(self):
        left = self.operand()
        tok = self.peek()
        if tok and tok[0] == "name" and tok[1].lower() in OPS:
            op = self.take()[1].lower()
            right = self.operand()
            return lambda row: ("bool", _compare(op, left(row), right(row)))
        return left

    def operand(self):
        kind, text = self.take()
        if text == "(":
            inner = self.or_expr()
            self.take(")")
            return inner
        if kind in {"str", "typed", "num"}:
            value = _literal(kind, text)
            return lambda row: value
        if kind != "name":
            raise FilterError(f"Unexpected '{text}' in $filter.")
        lowered = text.lower()
        if lowered in {"true", "false"}:
            return lambda row: ("bool", lowered == "true")
        if lowered == "null":
            return lambda row: ("null", None)
        if lowered in FUNCS and self.peek() and self.peek()[1] == "(":  # type: ignore[index]
            return self.function(lowered)
        if text not in self.types:
            raise FilterError(
                f"No property '{text}' exists in type '{self.type_name}' at position {self.i}."
            )
        self.props.add(text)
        kind_of = self.types[text]
        return lambda row: _field_value(kind_of, row.get(text))

    def function(self, name: str):
        self.take("(")
        args = [self.or_expr()]
        while self.peek() and self.peek()[1] == ",":  # type: ignore[index]
            self.take(",")
            args.append(self.or_expr())
        self.take(")")

        def text_of(row: dict, arg) -> str | None:
            value = arg(row)
            if value[0] not in {"str", "null"}:
                raise FilterError(f"Function '{name}' needs string arguments.")
            return value[1]

        def call(row: dict) -> Value:
            values = [text_of(row, a) for a in args]
            if any(v is None for v in values):
                return ("null", None)
            v = [str(x) for x in values]
            if name == "trim":
                return ("str", v[0].strip())
            if name in {"tolower", "toupper"}:
                return ("str", v[0].lower() if name == "tolower" else v[0].upper())
            if len(v) != 2:
                raise FilterError(f"Function '{name}' takes two arguments.")
            a, b = v[0].lower(), v[1].lower()
            if name == "substringof":
                return ("bool", a in b)
            return ("bool", a.startswith(b) if name == "startswith" else a.endswith(b))

        return call


def _truth(value: Value) -> bool:
    if value[0] not in {"bool", "null"}:
        raise FilterError("The $filter expression must evaluate to a boolean.")
    return bool(value[1])


def compile_filter(
    text: str, types: dict[str, str], type_name: str = "entity"
) -> tuple[Callable[[dict], bool], set[str]]:
    parser = _Parser(text, types, type_name)
    expr = parser.parse()
    return (lambda row: _truth(expr(row))), parser.props
