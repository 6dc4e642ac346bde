"""POST, PUT and DELETE on entities (reference §2.4, V).

- POST creates the header and its inline lines in one transaction and returns the new entity.
  Read-only properties in a body are ignored; unknown properties and unbindable values are 400;
  business validation ("Mandatory: …", "Invalid reference: …") is **500**, as Exact does (V).
- PUT is a partial update; new inline lines on a header PUT are refused with 400 (V).
- DELETE removes the row (and its lines) and logs it for ``sync/Deleted`` when Exact tracks
  the type.
Entity-specific rules (numbers, totals, references, side effects) live in :mod:`.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clock import Clock
from .entities import EntitySpec, Registry
from .odata_types import BodyError, coerce, new_guid
from .store import Store


class BadRequest(Exception):
    """Answered with 400 and Exact's error JSON."""


class Invalid(Exception):
    """Business validation: answered with 500 and Exact's error JSON (reference §4, V)."""


@dataclass
class Ctx:
    store: Store
    registry: Registry
    clock: Clock
    division: int
    user_id: str
    user_name: str
    client_id: str
    api_base: str  # "{base}/api/v1/{division}"


INVALID_BODY = (
    "Error processing request stream. The request should be a valid top-level resource object."
)
NEW_LINES_ON_PUT = (
    "Error processing request stream. Binding to new entities on update is not supported."
)


def bind(spec: EntitySpec, body: object, *, lines_allowed: bool) -> tuple[dict, list[dict]]:
    """Body → (stored values, raw inline lines). Read-only fields are dropped silently."""
    if not isinstance(body, dict):
        raise BadRequest(INVALID_BODY)
    values: dict = {}
    lines: list[dict] = []
    for name, value in body.items():
        if name == "__metadata":
            continue
        if spec.lines and name == spec.lines:
            if not lines_allowed:
                raise BadRequest(NEW_LINES_ON_PUT)
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise BadRequest(INVALID_BODY)
            lines = value
            continue
        field = spec.fields.get(name)
        if field is None:
            raise BadRequest(
                "Error processing request stream. The property name "
                f"'{name}' specified for type '{spec.type_name}' is not valid."
            )
        if field.read_only:
            continue
        try:
            values[name] = coerce(field.type, name, value)
        except BodyError as exc:
            raise BadRequest(str(exc)) from None
    return values, lines


def require(spec: EntitySpec, values: dict, *, skip: set[str] = frozenset()) -> None:
    missing = [
        f.name
        for f in spec.fields.values()
        if f.required
        and f.name != spec.key
        and f.name not in skip
        and values.get(f.name) in (None, "")
    ]
    if missing:
        raise Invalid("\r\n".join(f"Mandatory: {name}" for name in missing))


def audit(ctx: Ctx, values: dict, *, created: bool) -> None:
    now = ctx.clock.local_iso()
    values["Modified"] = now
    values["Modifier"] = ctx.user_id
    values["ModifierFullName"] = ctx.user_name
    values["Division"] = ctx.division
    if created:
        values["Created"] = now
        values["Creator"] = ctx.user_id
        values["CreatorFullName"] = ctx.user_name


def create(ctx: Ctx, spec: EntitySpec, body: object) -> dict:
    """Create one entity with its inline lines; returns the stored header row."""
    from . import rules

    values, raw_lines = bind(spec, body, lines_allowed=True)
    key = values.get(spec.key) or new_guid()
    values[spec.key] = key
    line_spec = ctx.registry.lines_of(spec)
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        line, _ = bind(line_spec, raw, lines_allowed=False)  # type: ignore[arg-type]
        line[line_spec.key] = line.get(line_spec.key) or new_guid()  # type: ignore[union-attr]
        line[line_spec.parent[0]] = key  # type: ignore[union-attr, index]
        line["LineNumber"] = number
        lines.append(line)
    with ctx.store.atomic():
        rules.before_create(ctx, spec, values, lines)
        require(spec, values, skip={spec.lines} if spec.lines else set())
        if spec.lines and not lines:
            raise Invalid(f"Mandatory: {spec.lines}")
        for line in lines:
            require(line_spec, line, skip={line_spec.parent[0]})  # type: ignore[arg-type, index]
        audit(ctx, values, created=True)
        row = ctx.store.put(ctx.division, spec.name, key, values)
        for line in lines:
            audit(ctx, line, created=True)
            ctx.store.put(ctx.division, line_spec.name, line["ID"], line)  # type: ignore[union-attr]
        rules.after_create(ctx, spec, row, lines)
    return row


def update(ctx: Ctx, spec: EntitySpec, key: object, body: object) -> dict:
    from . import rules

    values, _ = bind(spec, body, lines_allowed=False)
    values.pop(spec.key, None)
    with ctx.store.atomic():
        current = ctx.store.get(ctx.division, spec.name, str(key))
        if current is None:
            raise LookupError(key)
        merged = {**current, **values}
        rules.before_update(ctx, spec, merged, values)
        require(spec, merged, skip={spec.lines} if spec.lines else set())
        audit(ctx, merged, created=False)
        return ctx.store.put(ctx.division, spec.name, str(key), merged)


def delete(ctx: Ctx, spec: EntitySpec, key: object) -> dict:
    with ctx.store.atomic():
        current = ctx.store.get(ctx.division, spec.name, str(key))
        if current is None:
            raise LookupError(key)
        line_spec = ctx.registry.lines_of(spec)
        if line_spec is not None:
            for line in ctx.store.all(ctx.division, line_spec.name):
                if line.get(line_spec.parent[0]) == key:  # type: ignore[index]
                    ctx.store.delete(
                        ctx.division, line_spec.name, line["ID"], _gone(ctx, line_spec, line["ID"])
                    )
        ctx.store.delete(ctx.division, spec.name, str(key), _gone(ctx, spec, key))
        return current


def _gone(ctx: Ctx, spec: EntitySpec, key: object) -> dict | None:
    if spec.deleted_type is None:
        return None
    return {
        "ID": new_guid(),
        "Division": ctx.division,
        "EntityKey": key,
        "EntityType": spec.deleted_type,
        "DeletedBy": ctx.user_id,
        "DeletedDate": ctx.clock.local_iso(),
    }
