"""Entity definitions: service, name, key, fields with their Edm types, lines, sync/bulk paths.

A field list is written compactly as ``"Name:type"`` words; a trailing ``*`` marks a field Exact's
reference page calls mandatory, a trailing ``!`` a read-only field (accepted in a body, ignored, as
Exact does on PUT — reference §2.4 (V)). Types: ``guid str int long float bool byte dt bin``.
The definitions themselves live in :mod:`exactbridge.simulator.catalog`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TYPES = {"guid", "str", "int", "long", "float", "bool", "byte", "dt", "bin"}

EDM = {
    "guid": "Edm.Guid",
    "str": "Edm.String",
    "int": "Edm.Int32",
    "long": "Edm.Int64",
    "float": "Edm.Double",
    "bool": "Edm.Boolean",
    "byte": "Edm.Byte",
    "dt": "Edm.DateTime",
    "bin": "Edm.Binary",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    read_only: bool = False


def parse_fields(spec: str) -> dict[str, Field]:
    """``"ID:guid Name:str* Created:dt!"`` → ordered {name: Field}."""
    fields: dict[str, Field] = {}
    for word in spec.split():
        name, _, kind = word.partition(":")
        required = kind.endswith("*")
        read_only = kind.endswith("!")
        kind = kind.rstrip("*!")
        if kind not in TYPES:
            raise ValueError(f"unknown type {kind!r} for field {name!r}")
        fields[name] = Field(name, kind, required, read_only)
    return fields


@dataclass
class EntitySpec:
    """One Exact endpoint. ``lines`` names the inline collection property, if the entity has one."""

    service: str
    name: str
    key: str
    fields: dict[str, Field]
    methods: str = "GPUD"  # G=GET P=POST U=PUT D=DELETE
    model: str = ""  # __metadata.type suffix
    lines: str | None = None  # inline collection property == line entity name
    parent: tuple[str, str] | None = None  # (parent key field on the line, parent entity name)
    sync: str | None = None  # e.g. "sync/Financial/GLAccounts"
    bulk: str | None = None
    topic: str | None = None  # webhook topic fired on writes
    deleted_type: int | None = None  # sync/Deleted EntityType code
    filter_props: tuple[str, ...] = ()  # mandatory filtering: one of these must be filtered on
    needs_select: bool = False  # bare GET answers 400 "Please add a $select or a $top=1 …"
    paged: bool = True  # most read/ services are not paged (reference §2.6)
    navigation: dict[str, str] = field(default_factory=dict)  # deferred property → entity name

    @property
    def path(self) -> str:
        return f"{self.service}/{self.name}"

    @property
    def type_name(self) -> str:
        return f"Exact.Web.Api.Models.{self.model or self.name}"

    @property
    def key_type(self) -> str:
        return self.fields[self.key].type

    def field_type(self, name: str) -> str | None:
        f = self.fields.get(name)
        return f.type if f else None


class Registry:
    """Lookup of specs by classic path, sync path, bulk path (all case-insensitive) and by name."""

    def __init__(self, specs: list[EntitySpec]) -> None:
        self.by_name = {s.name: s for s in specs}
        self.classic: dict[str, EntitySpec] = {}
        self.sync: dict[str, EntitySpec] = {}
        self.bulk: dict[str, EntitySpec] = {}
        for s in specs:
            # Exact's own examples mix "crm/Accounts", "CRM/Accounts", "sync/Financial/…":
            # matching service segments case-insensitively is a design choice (reference §2.1, U).
            self.classic[s.path.lower()] = s
            if s.sync:
                self.sync[s.sync.lower()] = s
            if s.bulk:
                self.bulk[s.bulk.lower()] = s

    def resolve(self, path: str) -> tuple[str, EntitySpec] | None:
        """(mode, spec) for a division-relative entity path, mode in classic/sync/bulk."""
        lowered = path.lower()
        for mode, table in (("sync", self.sync), ("bulk", self.bulk), ("classic", self.classic)):
            if lowered in table:
                return mode, table[lowered]
        return None

    def lines_of(self, spec: EntitySpec) -> EntitySpec | None:
        return self.by_name.get(spec.lines) if spec.lines else None

    def topics(self) -> set[str]:
        return {s.topic for s in self.by_name.values() if s.topic}
