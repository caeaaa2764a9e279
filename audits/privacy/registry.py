"""The provider protocol and the registry that must cover every personal-data table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import MetaData, Table

from audits.privacy.declarations import Sensitivity, TableDeclaration
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope

PERSONAL_SUFFIXES = ("_enc", "_bidx")
# Set `info={"personal": True}` on a column that holds personal data under another name.
PERSONAL_MARKER = "personal"


class PersonalDataProvider(Protocol):
    """One package's personal data: what it declares, and how to export and erase it."""

    name: str
    declarations: tuple[TableDeclaration, ...]

    def export(self, scope: ExportScope) -> dict[str, Any]: ...
    def erase(self, scope: ErasureScope) -> Counts: ...
    def destroy(self, scope: DestroyScope) -> Counts: ...


class MissingProvider(LookupError):
    pass


def personal_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns
            if c.name.endswith(PERSONAL_SUFFIXES) or c.info.get(PERSONAL_MARKER)]


class ProviderRegistry:
    def __init__(self, providers: Iterable[PersonalDataProvider] = ()) -> None:
        self._providers: list[PersonalDataProvider] = []
        self._by_table: dict[str, TableDeclaration] = {}
        for provider in providers:
            self.register(provider)

    def register(self, provider: PersonalDataProvider) -> None:
        for declaration in provider.declarations:
            if declaration.table in self._by_table:
                raise ValueError(f"table {declaration.table} is declared twice")
            self._by_table[declaration.table] = declaration
        self._providers.append(provider)

    @property
    def providers(self) -> tuple[PersonalDataProvider, ...]:
        return tuple(self._providers)

    def declarations(self) -> list[TableDeclaration]:
        return sorted(self._by_table.values(), key=lambda d: d.table)

    def declaration(self, table: str) -> TableDeclaration | None:
        return self._by_table.get(table)

    def uncovered(self, metadata: MetaData) -> dict[str, list[str]]:
        """Tables with personal-data columns that no provider declares (table -> columns).

        A table declared NOT_PERSONAL while having such columns counts as uncovered too:
        a keyed hash of a national id is still personal data.
        """
        missing: dict[str, list[str]] = {}
        for table in metadata.sorted_tables:
            columns = personal_columns(table)
            if not columns:
                continue
            declared = self._by_table.get(table.name)
            if declared is None or declared.sensitivity is Sensitivity.NOT_PERSONAL:
                missing[table.name] = columns
        return missing

    def check(self, metadata: MetaData) -> None:
        missing = self.uncovered(metadata)
        if missing:
            raise MissingProvider("personal data without a provider: " + "; ".join(
                f"{t} ({', '.join(c)})" for t, c in sorted(missing.items())))
