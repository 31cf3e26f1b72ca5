"""What an import would do, row by row: the sheets it recognised and, per row, new / changed /
unchanged / error with the old and the new value. The same object reports what an apply did."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .workbook import RowError, Sheet, normalise_header


class Action:
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS = {
        NEW: gettext_lazy("Baru"),
        CHANGED: gettext_lazy("Berubah"),
        UNCHANGED: gettext_lazy("Tetap"),
        ERROR: gettext_lazy("Salah"),
    }


@dataclass(frozen=True)
class SheetSpec:
    """A kind of sheet the import reads: its usual title and the columns it must have."""

    kind: str
    title: str
    columns: tuple[str, ...]

    def missing(self, sheet: Sheet) -> list[str]:
        present = sheet.columns()
        return [column for column in self.columns if normalise_header(column) not in present]


@dataclass
class PreviewRow:
    """One data row of the workbook and what importing it does (or did)."""

    sheet: str
    row: int
    kind: str
    code: str = ""
    label: str = ""
    year: int | None = None
    quarter: int | None = None
    action: str = Action.UNCHANGED
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    remark: str = ""
    errors: list[RowError] = field(default_factory=list)
    # The row the import wrote (or would write): a realisation, a node or an indicator.
    record: object = None

    @property
    def action_label(self) -> str:
        return str(Action.LABELS[self.action])

    def refuse(self, message: str, column: str = "") -> None:
        self.errors.append(RowError(str(message), self.sheet, self.row, column))
        self.action = Action.ERROR

    def refuse_error(self, error: Exception, columns: dict[str, str], default: str) -> None:
        """Record a service's refusal; `columns` maps its field names to sheet columns."""
        for field_name, message in error_messages(error):
            self.refuse(message, columns.get(field_name, default))


def error_messages(error: Exception) -> list[tuple[str, str]]:
    """(field name or "", message) pairs of a ValidationError, PermissionDenied or conflict."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [
            (name, message) for name, messages in error.message_dict.items() for message in messages
        ]
    if isinstance(error, ValidationError):
        return [("", message) for message in error.messages]
    if isinstance(error, PermissionDenied) and error.args:
        return [("", str(error.args[0]))]
    return [("", str(error))]


@dataclass
class Preview:
    """The outcome of reading a workbook, and of applying it when `applied` is true."""

    kind: str
    rows: list[PreviewRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    applied: bool = False

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {action: counted.get(action, 0) for action in Action.LABELS}

    @property
    def labelled_counts(self) -> list[tuple[str, str, int]]:
        """(action, label, count) for every action, in a fixed order."""
        counts = self.counts
        return [(action, str(label), counts[action]) for action, label in Action.LABELS.items()]

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(counts[Action.NEW] or counts[Action.CHANGED])

    def summary(self) -> str:
        counts = self.counts
        return _("%(new)s baru, %(changed)s berubah, %(unchanged)s tetap, %(error)s salah") % counts


def classify(
    sheets: list[Sheet], specs: tuple[SheetSpec, ...]
) -> tuple[list[tuple[SheetSpec, Sheet]], list[RowError], list[str]]:
    """Which sheets to read as what: by title first, else by complete headers.

    A sheet with a `Kode` column that matches no kind is refused with the columns it lacks (a
    renamed column); other sheets (instructions, notes) are ignored and listed.
    """
    matched, errors, ignored = [], [], []
    for sheet in sheets:
        title = normalise_header(sheet.title)
        spec = next((spec for spec in specs if normalise_header(spec.title) == title), None)
        spec = spec or next((spec for spec in specs if not spec.missing(sheet)), None)
        if spec is None:
            if normalise_header("Kode") not in sheet.columns():
                if sheet.headers or sheet.rows:
                    ignored.append(sheet.title)
                continue
            spec = min(specs, key=lambda candidate: len(candidate.missing(sheet)))
        missing = spec.missing(sheet)
        for column in missing:
            errors.append(
                RowError(
                    _(
                        "kolom tidak ditemukan (mungkin diganti nama atau dihapus); lembar "
                        "%(title)s memerlukan kolom: %(columns)s."
                    )
                    % {"title": spec.title, "columns": ", ".join(spec.columns)},
                    sheet=sheet.title,
                    row=1,
                    column=column,
                )
            )
        if not missing:
            matched.append((spec, sheet))
    if not matched and not errors:
        errors.append(
            RowError(
                _("Tidak ada sheet yang dikenali; yang dibaca: %(titles)s.")
                % {"titles": ", ".join(f"'{spec.title}'" for spec in specs)}
            )
        )
    elif matched and not errors and not any(sheet.rows for _spec, sheet in matched):
        errors.append(RowError(_("Tidak ada baris isian di bawah baris judul kolom.")))
    return matched, errors, ignored


def cells_of(spec_columns: tuple[str, ...], sheet: Sheet, values: tuple) -> dict[str, object]:
    """The row's value for each named column (None where the row is shorter)."""
    positions = sheet.columns()
    cells = {}
    for column in spec_columns:
        position = positions.get(normalise_header(column))
        cells[column] = (
            values[position] if position is not None and position < len(values) else None
        )
    return cells
