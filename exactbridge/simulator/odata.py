"""OData v2 verbose JSON for collections (reference §2.3, §2.6, V): query options, paging with
``__next``/``$skiptoken``, ``$select``/``$expand``, ``__metadata`` and ``__deferred``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote

from .entities import EntitySpec
from .filters import FilterError, compile_filter
from .odata_types import render

PAGE_CLASSIC = 60
PAGE_BULK_SYNC = 1000
SAFE = ",'()/:$*"


class QueryError(ValueError):
    """A query the service refuses with 400 and Exact's error JSON."""


@dataclass
class Query:
    params: list[tuple[str, str]]
    select: list[str] | None = None
    filter: str | None = None
    top: int | None = None
    skiptoken: str | None = None
    orderby: list[tuple[str, bool]] = field(default_factory=list)
    expand: list[str] = field(default_factory=list)
    inlinecount: bool = False


def parse_query(query_string: str) -> Query:
    params = parse_qsl(query_string, keep_blank_values=True)
    q = Query(params=params)
    for name, value in params:
        if name == "$select":
            q.select = [s.strip() for s in value.split(",") if s.strip()]
        elif name == "$filter":
            q.filter = value
        elif name == "$top":
            if not value.isdigit():
                raise QueryError(f"Invalid value '{value}' for $top query option.")
            q.top = int(value)
        elif name == "$skiptoken":
            q.skiptoken = value
        elif name == "$orderby":
            for part in value.split(","):
                words = part.split()
                if words:
                    q.orderby.append((words[0], len(words) > 1 and words[1].lower() == "desc"))
        elif name == "$expand":
            q.expand = [s.strip() for s in value.split(",") if s.strip()]
        elif name == "$inlinecount":
            q.inlinecount = value == "allpages"
        elif name == "$skip":
            # $skip is not supported on endpoints released after 1 March 2017 (reference §2.6, V);
            # the simulator refuses it everywhere — a design choice, the message text is U.
            raise QueryError("The query parameter '$skip' is not supported. Use $skiptoken.")
    return q


def key_literal(kind: str, value: object) -> str:
    if kind == "guid":
        return f"guid'{value}'"
    if kind == "long":
        return f"{value}L"
    return str(value)


def parse_key(kind: str, text: str) -> object:
    text = text.strip()
    if kind == "guid":
        if not (text.lower().startswith("guid'") and text.endswith("'")):
            raise QueryError(f"Bad key '{text}': a Guid key is written guid'…'.")
        return text[5:-1].lower()
    try:
        return int(text.rstrip("Ll"))
    except ValueError:
        raise QueryError(f"Bad key '{text}'.") from None


@dataclass
class Page:
    rows: list[dict]
    next_token: str | None
    count: int


def run_query(
    rows: list[dict],
    spec: EntitySpec,
    q: Query,
    *,
    page_size: int | None,
    order_field: str,
    types: dict[str, str],
    filter_only: set[str] | None = None,
) -> Page:
    """Filter, order and cut one page. Paging continues after the row whose ``order_field``
    equals the skiptoken, as Exact's key-based ``$skiptoken`` does."""
    if q.filter:
        try:
            predicate, props = compile_filter(q.filter, types, spec.type_name)
        except FilterError as exc:
            raise QueryError(str(exc)) from None
        if filter_only is not None and props - filter_only:
            raise QueryError(f"Only {', '.join(sorted(filter_only))} can be used in $filter here.")
        try:
            rows = [r for r in rows if predicate(r)]
        except FilterError as exc:
            raise QueryError(str(exc)) from None
    kind = types.get(order_field, "str")
    rows.sort(key=lambda r: _sortable(r.get(order_field)))
    for name, desc in reversed(q.orderby):
        if name not in types:
            raise QueryError(f"No property '{name}' exists in type '{spec.type_name}'.")
        rows.sort(key=lambda r, n=name: _sortable(r.get(n)), reverse=desc)
    count = len(rows)
    if q.skiptoken:
        token = parse_key(kind if kind != "int" else "long", q.skiptoken)
        if kind == "str":
            token = q.skiptoken.strip("'")
        if q.orderby:
            positions = [i for i, r in enumerate(rows) if r.get(order_field) == token]
            rows = rows[positions[0] + 1 :] if positions else []
        else:
            # Key order: continue after the token even if that row was deleted meanwhile.
            rows = [r for r in rows if _sortable(r.get(order_field)) > _sortable(token)]
    limit = page_size
    if q.top is not None:
        limit = q.top if limit is None else min(limit, q.top)
    page = rows if limit is None else rows[:limit]
    more = limit is not None and len(rows) > limit
    if q.top is not None and q.top <= len(page):
        more = False
    next_token = key_literal(kind, page[-1][order_field]) if more and page else None
    return Page(page, next_token, count)


def _sortable(value: object) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (1, value)
    return (2, str(value))


def next_link(base: str, path: str, q: Query, token: str, served: int) -> str:
    """The original query options plus ``$skiptoken`` (reference §2.3, V); ``$top`` shrinks by
    the rows already served (a design choice, U)."""
    parts = []
    for name, value in q.params:
        if name == "$skiptoken":
            continue
        if name == "$top" and q.top is not None:
            value = str(q.top - served)
        parts.append(f"{name}={quote(value, safe=SAFE)}")
    parts.append(f"$skiptoken={quote(token, safe=SAFE)}")
    return f"{base}/{path}?{'&'.join(parts)}"


def check_select(spec: EntitySpec, select: list[str] | None, extra: set[str]) -> None:
    extra = extra | set(spec.navigation) | ({spec.lines} if spec.lines else set())
    for item in select or []:
        head = item.split("/")[0]
        if item != "*" and head not in spec.fields and head not in extra:
            raise QueryError(f"No property '{head}' exists in type '{spec.type_name}'.")


def format_row(
    row: dict,
    spec: EntitySpec,
    *,
    api_base: str,
    select: list[str] | None,
    expand: list[str],
    children: Callable[[str, EntitySpec, object], tuple[EntitySpec, list[dict]]] | None,
    extra_types: dict[str, str] | None = None,
) -> dict:
    """One entity in verbose JSON. ``children(prop, spec, key)`` loads an expanded collection."""
    key = row.get(spec.key)
    uri = f"{api_base}/{spec.path}({key_literal(spec.key_type, key)})"
    out: dict = {"__metadata": {"uri": uri, "type": spec.type_name}}
    wanted = None if not select or "*" in select else {s.split("/")[0] for s in select}
    types = {n: f.type for n, f in spec.fields.items()} | (extra_types or {})
    for name, kind in types.items():
        if wanted is None or name in wanted:
            out[name] = render(kind, row.get(name))
    navigations = dict(spec.navigation)
    if spec.lines:
        navigations[spec.lines] = spec.lines
    for prop in navigations:
        if wanted is not None and prop not in wanted:
            continue
        if prop in expand and children is not None:
            child_spec, rows = children(prop, spec, key)
            nested = [s.split("/", 1)[1] for s in select or [] if s.startswith(prop + "/")]
            out[prop] = {
                "results": [
                    format_row(
                        r,
                        child_spec,
                        api_base=api_base,
                        select=nested or None,
                        expand=[],
                        children=None,
                    )
                    for r in rows
                ]
            }
        else:
            out[prop] = {"__deferred": {"uri": f"{uri}/{prop}"}}
    return out
