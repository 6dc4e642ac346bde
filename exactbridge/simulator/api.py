"""The Exact-shaped REST API under ``/api/v1/{division}/…``: reads (classic, bulk, sync, read/
functions) and writes. Authentication, rate limits and faults are applied before this by
:mod:`.app`."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from . import odata, writes
from .catalog import DELETED_FIELDS
from .entities import EntitySpec, parse_fields
from .http import Request, Response, exact_error, json_response, text_response
from .odata import PAGE_BULK_SYNC, PAGE_CLASSIC, Query, QueryError

if TYPE_CHECKING:
    from .app import Simulator

SEGMENT = re.compile(
    r"^(?P<entity>[^()]+?)(?:\((?P<key>[^)]*)\)(?:/(?P<nav>[A-Za-z]+))?|/(?P<count>\$count))?$"
)
NEEDS_SELECT = "Please add a $select or a $top=1 statement to the query string."
DELETED = EntitySpec(
    "sync", "Deleted", "ID", parse_fields(DELETED_FIELDS), methods="G", model="Deleted"
)
NAV_FIELD = {"BankAccounts": "Account", "DocumentAttachments": "Document"}
WRITE_FLAG = {"POST": "P", "PUT": "U", "DELETE": "D", "GET": "G"}


def handle(sim: Simulator, req: Request, division: int, rest: str) -> Response:
    ctx = sim.context(req, division)
    try:
        q = odata.parse_query(req.query_string)
        if rest.lower() == "sync/deleted":
            return _list(sim, ctx, DELETED, q, "sync", ctx.store.deleted(division))
        if rest.lower() == "read/logistics/stockposition":
            return _stock_position(sim, ctx, req)
        match = SEGMENT.match(rest)
        if not match:
            return exact_error(404, "Not found")
        path, key_text, nav = match["entity"], match["key"], match["nav"] or match["count"]
        by_account = None
        if path.lower().endswith("byaccount") and path.lower().startswith("read/financial/"):
            path, by_account = path[: -len("ByAccount")], req.query().get("accountId", "")
        resolved = sim.registry.resolve(path)
        if resolved is None:
            return exact_error(404, f"Resource not found for the segment '{path.split('/')[-1]}'.")
        mode, spec = resolved
        if WRITE_FLAG.get(req.method, "?") not in spec.methods or (
            mode != "classic" and req.method != "GET"
        ):
            return exact_error(405, f"Method {req.method} is not allowed on {path}.")
        if req.method != "GET":
            return _write(sim, ctx, req, spec, key_text)
        if key_text is not None:
            return _single(sim, ctx, spec, q, key_text, nav)
        rows = ctx.store.all(division, spec.name)
        if by_account is not None:
            account = odata.parse_key("guid", by_account)
            rows = [r for r in rows if r.get("AccountId") == account]
        if nav == "$count":
            return _count(spec, q, rows)
        return _list(sim, ctx, spec, q, mode, rows)
    except QueryError as exc:
        return exact_error(400, str(exc))
    except writes.BadRequest as exc:
        return exact_error(400, str(exc))
    except writes.Invalid as exc:
        return exact_error(500, str(exc))


def _types(spec: EntitySpec, mode: str) -> dict[str, str]:
    types = {n: f.type for n, f in spec.fields.items()}
    if mode == "sync":
        types["Timestamp"] = "long"
    return types


def _list(sim, ctx, spec: EntitySpec, q: Query, mode: str, rows: list[dict]) -> Response:
    types = _types(spec, mode)
    odata.check_select(spec, q.select, {"Timestamp"} if mode == "sync" else set())
    if mode == "bulk" and not q.select:
        # $select is mandatory on most bulk endpoints (reference §6.2, V); text is a choice (U).
        raise QueryError(NEEDS_SELECT)
    if mode == "sync" and q.select and "*" in q.select:
        raise QueryError("$select=* is not allowed on sync endpoints. Specify the properties.")
    if mode == "classic" and spec.needs_select and not q.select and q.top != 1:
        raise QueryError(NEEDS_SELECT)
    if mode != "sync" and spec.filter_props and sim.config.get("mandatory_filters", True):
        props = _filtered_props(q, types, spec)
        if not props & set(spec.filter_props):
            raise QueryError(
                f"$filter is mandatory for {spec.path}. Filter on one of: "
                + ", ".join(spec.filter_props)
                + "."
            )
    if mode == "sync":
        page = odata.run_query(
            rows,
            spec,
            q,
            page_size=PAGE_BULK_SYNC,
            order_field="Timestamp",
            types=types,
            filter_only={"Timestamp"},
        )
    else:
        size = PAGE_BULK_SYNC if mode == "bulk" else (PAGE_CLASSIC if spec.paged else None)
        page = odata.run_query(rows, spec, q, page_size=size, order_field=spec.key, types=types)
    results = [
        odata.format_row(
            r,
            spec,
            api_base=ctx.api_base,
            select=q.select,
            expand=q.expand,
            children=_children(ctx),
            extra_types={"Timestamp": "long"} if mode == "sync" else None,
        )
        for r in page.rows
    ]
    d: dict = {"results": results}
    if q.inlinecount:
        d["__count"] = str(page.count)  # OData v2 renders it as a string (reference §2.3, U)
    if page.next_token:
        path = (
            spec.sync if mode == "sync" else spec.bulk if mode == "bulk" else spec.path
        ) or spec.path
        d["__next"] = odata.next_link(ctx.api_base, path, q, page.next_token, len(page.rows))
    return json_response(200, {"d": d})


def _filtered_props(q: Query, types: dict[str, str], spec: EntitySpec) -> set[str]:
    if not q.filter:
        return set()
    from .filters import FilterError, compile_filter

    try:
        return compile_filter(q.filter, types, spec.type_name)[1]
    except FilterError as exc:
        raise QueryError(str(exc)) from None


def _count(spec: EntitySpec, q: Query, rows: list[dict]) -> Response:
    page = odata.run_query(
        rows, spec, q, page_size=None, order_field=spec.key, types=_types(spec, "classic")
    )
    return text_response(200, str(page.count))  # a bare integer, no JSON (reference §2.3, V)


def _children(ctx):
    def load(prop: str, spec: EntitySpec, key: object) -> tuple[EntitySpec, list[dict]]:
        child = ctx.registry.by_name[spec.navigation.get(prop, prop)]
        link = child.parent[0] if child.parent else NAV_FIELD.get(child.name, spec.key)
        rows = [r for r in ctx.store.all(ctx.division, child.name) if r.get(link) == key]
        rows.sort(key=lambda r: (r.get("LineNumber") or 0, str(r.get(child.key))))
        return child, rows

    return load


def _single(sim, ctx, spec: EntitySpec, q: Query, key_text: str, nav: str | None) -> Response:
    key = odata.parse_key(spec.key_type, key_text)
    row = ctx.store.get(ctx.division, spec.name, str(key))
    if row is None:
        return exact_error(404, f"Resource not found for the segment '{spec.name}'.")
    if nav:
        props = set(spec.navigation) | ({spec.lines} if spec.lines else set())
        if nav not in props:
            return exact_error(404, f"Resource not found for the segment '{nav}'.")
        child, rows = _children(ctx)(nav, spec, key)
        results = [
            odata.format_row(
                r, child, api_base=ctx.api_base, select=q.select, expand=[], children=None
            )
            for r in rows
        ]
        return json_response(200, {"d": {"results": results}})
    odata.check_select(spec, q.select, set())
    body = odata.format_row(
        row, spec, api_base=ctx.api_base, select=q.select, expand=q.expand, children=_children(ctx)
    )
    return json_response(200, {"d": body})


def _stock_position(sim, ctx, req: Request) -> Response:
    item_id = odata.parse_key("guid", req.query().get("itemId", ""))
    item = ctx.store.get(ctx.division, "Items", str(item_id))
    if item is None:
        return exact_error(404, "Item not found.")
    planning_in = sum(
        float(r.get("Quantity") or 0) - float(r.get("ReceivedQuantity") or 0)
        for r in ctx.store.all(ctx.division, "PurchaseOrderLines")
        if r.get("Item") == item_id
    )
    planning_out = sum(
        float(r.get("Quantity") or 0) - float(r.get("QuantityDelivered") or 0)
        for r in ctx.store.all(ctx.division, "SalesOrderLines")
        if r.get("Item") == item_id
    )
    stock = float(item.get("Stock") or 0)
    row = {
        "__metadata": {
            "uri": f"{ctx.api_base}/read/logistics/StockPosition",
            "type": "Exact.Web.Api.Models.StockPosition",
        },
        "ItemId": item_id,
        "InStock": stock,
        "FreeStock": stock - planning_out,
        "PlanningIn": planning_in,
        "PlanningOut": planning_out,
        "ProjectedStock": stock + planning_in - planning_out,
        "ReservedStock": planning_out,
    }
    return json_response(200, {"d": {"results": [row]}})


def _write(sim, ctx, req: Request, spec: EntitySpec, key_text: str | None) -> Response:
    """Apply one write; every attempt is logged for ``/_simulator/posted`` before answering."""
    key = odata.parse_key(spec.key_type, key_text) if key_text is not None else None
    body: object = None

    def log(status: int, response: dict | None, note: str | None = None) -> None:
        logged_key = key if key is not None else (response or {}).get("d", {}).get(spec.key, "")
        ctx.store.log_write(
            at=ctx.clock.local_iso(),
            division=ctx.division,
            method=req.method,
            path=req.path,
            entity=spec.name,
            key=str(logged_key),
            status=status,
            request=body,
            response=json.dumps(response) if response else None,
            note=note,
        )

    try:
        if req.method != "DELETE":
            try:
                body = req.json()
            except ValueError:
                raise writes.BadRequest(writes.INVALID_BODY) from None
        if req.method == "POST":
            if key is not None:
                raise writes.BadRequest("POST goes to the collection, not to a key.")
            if spec.name == "WebhookSubscriptions":
                sim.prepare_subscription(body)
            row = writes.create(ctx, spec, body)
            status, action, response = 201, "Create", _created_body(ctx, spec, row, body, req)
        elif key is None:
            raise writes.BadRequest(f"{req.method} needs a key URL: {spec.name}(…).")
        else:
            try:
                if req.method == "PUT":
                    row, action = writes.update(ctx, spec, key, body), "Update"
                else:
                    row, action = writes.delete(ctx, spec, key), "Delete"
            except LookupError:
                log(404, None)
                return exact_error(404, f"Resource not found for the segment '{spec.name}'.")
            status, response = 204, None
    except (writes.BadRequest, writes.Invalid) as exc:
        log(400 if isinstance(exc, writes.BadRequest) else 500, {"error": str(exc)})
        raise
    held = sim.faults.take_timeout()
    log(status, response, "answer held back: timeout after commit" if held else None)
    sim.notify(ctx, spec, row, action)
    if held:
        sim.faults.hang()
    return Response(204) if status == 204 else json_response(201, response)


def _created_body(ctx, spec: EntitySpec, row: dict, body: object, req: Request) -> dict:
    full = odata.format_row(row, spec, api_base=ctx.api_base, select=None, expand=[], children=None)
    if "return=representation" in req.headers.get("prefer", ""):
        return {"d": full}
    # Without Prefer: return=representation most properties come back null (reference §2.2, V);
    # keeping the key and the echoed body fields is a design choice (U).
    sent = set(body) if isinstance(body, dict) else set()
    kept = {k: (v if k in sent or k in {spec.key, "__metadata"} else None) for k, v in full.items()}
    return {"d": kept}
