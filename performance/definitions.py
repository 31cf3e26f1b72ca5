"""The indicator definition sheet (lembar definisi indikator) as one record to read and write:
the indicator's own definisi, formula, polaritas and satuan, and the sheet's sumber data,
frekuensi and alasan pemilihan (IKU). The IKU and definisi-indikator documents read the same
fields (performance/documents.py)."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cascading.choices import Level, Polarity
from cascading.models import Indicator
from cascading.workflow import REASON_LENGTH, EditConflict
from renstra.permissions import entry_scope

from .choices import Frequency
from .models import IndicatorDefinition
from .selectors import OFFICE_TARGET_LEVELS

REFUSED_DEFINITION = gettext_lazy(
    "Hanya administrator dan perencana perangkat daerah ini yang boleh mengubah definisi indikator."
)

# The indicator's own fields on the sheet, then the sheet's.
INDICATOR_FIELDS = ("definition", "formula", "polarity", "satuan")
SHEET_FIELDS = ("data_source", "frequency", "reason")


def can_edit_definitions(user, organisation_id: int) -> bool:
    """Write the definition sheets of the office: whoever may act for all its units (its
    administrators and planners, and city-wide administrators)."""
    return entry_scope(user, organisation_id).all_units


def is_key_indicator(indicator: Indicator) -> bool:
    """An IKU: marked so, or an indicator of a Tujuan or Sasaran (as the IKU document lists)."""
    return indicator.is_iku or indicator.node.level in OFFICE_TARGET_LEVELS


def sheet_of(indicator: Indicator) -> IndicatorDefinition | None:
    try:
        return indicator.definition_sheet
    except IndicatorDefinition.DoesNotExist:
        return None


def missing_fields(indicator: Indicator) -> list[str]:
    """The sheet's fields still empty (labels), in the sheet's order; empty when complete.
    Polarity and frequency always hold a value; alasan pemilihan is asked of IKU only."""
    sheet = sheet_of(indicator)
    missing = []
    if not indicator.definition.strip():
        missing.append(_("definisi"))
    if not indicator.formula.strip():
        missing.append(_("formula"))
    if not indicator.satuan.strip():
        missing.append(_("satuan"))
    if sheet is None or not sheet.data_source.strip():
        missing.append(_("sumber data"))
    if is_key_indicator(indicator) and (sheet is None or not sheet.reason.strip()):
        missing.append(_("alasan pemilihan"))
    return missing


class DefinitionForm(forms.Form):
    """The sheet's fields as typed; each error names its field (the labels are Indonesian)."""

    definition = forms.CharField(
        label=gettext_lazy("Definisi"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    formula = forms.CharField(
        label=gettext_lazy("Formula"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    polarity = forms.ChoiceField(label=gettext_lazy("Polaritas"), choices=Polarity.choices)
    satuan = forms.CharField(
        label=gettext_lazy("Satuan"),
        required=False,
        max_length=50,
    )
    data_source = forms.CharField(
        label=gettext_lazy("Sumber data"),
        required=False,
        max_length=300,
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("Frekuensi pengukuran"), choices=Frequency.choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan pemilihan indikator (IKU)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, key_indicator: bool, readonly: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not key_indicator:
            del self.fields["reason"]
        for field in self.fields.values():
            field.disabled = readonly

    def clean(self):
        cleaned = super().clean()
        # Browsers send a textarea's line breaks as CRLF; the plan stores LF.
        return {
            name: same_text(value) if isinstance(value, str) else value
            for name, value in cleaned.items()
        }

    def named_errors(self) -> list[str]:
        """Every error with the label of its field, for the summary above the form."""
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else message
            for name, messages in self.errors.items()
            for message in messages
        ]


def same_text(text: str) -> str:
    """`text` as compared and stored: LF line breaks, no white space at either end."""
    return text.replace("\r\n", "\n").strip()


def sheet_values(indicator: Indicator, sheet: IndicatorDefinition | None) -> dict[str, str]:
    """The sheet's fields as stored (a missing sheet: empty, measured quarterly)."""
    values = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    values |= {
        "data_source": sheet.data_source if sheet else "",
        "frequency": sheet.frequency if sheet else Frequency.QUARTERLY,
        "reason": sheet.reason if sheet else "",
    }
    return values


@dataclass(frozen=True)
class SavedSheet:
    sheet: IndicatorDefinition
    changed: list[str]  # labels of the fields changed


def save_definition(
    *, user, indicator: Indicator, expected_version: int, values: dict[str, str]
) -> SavedSheet:
    """Write the cleaned `values` of the indicator's sheet. Locks the indicator row (which
    serialises two first saves of a sheet) and the sheet, refuses with `EditConflict` when the
    sheet is no longer at `expected_version` (0: the user saw no sheet), bumps the version and
    leaves one history row naming the changed fields. Writes nothing when nothing changed."""
    if not can_edit_definitions(user, indicator.node.organisation_id):
        raise PermissionDenied(REFUSED_DEFINITION)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().order_by().get(pk=indicator.pk)
        sheet = (
            IndicatorDefinition.objects.select_for_update()
            .order_by()
            .filter(indicator=locked)
            .first()
        )
        if sheet is None and expected_version != 0:
            raise ValidationError(_("Versi lembar definisi tidak dikenal; muat ulang halaman."))
        if sheet is not None and sheet.version != expected_version:
            raise EditConflict(sheet)
        before = sheet_values(locked, sheet)
        changed = [
            name for name, value in values.items() if same_text(value) != same_text(before[name])
        ]
        if sheet is not None and not changed:
            return SavedSheet(sheet=sheet, changed=[])
        indicator_changes = [name for name in changed if name in INDICATOR_FIELDS]
        if indicator_changes:
            for name in indicator_changes:
                setattr(locked, name, values[name])
            locked.save(update_fields=indicator_changes)
        if sheet is None:
            sheet = IndicatorDefinition(indicator=locked, version=0)
        for name in SHEET_FIELDS:
            setattr(sheet, name, values.get(name, before[name]))
        sheet.version += 1
        sheet.updated_by = user
        sheet._history_user = user
        labels = [str(DefinitionForm.base_fields[name].label) for name in changed]
        reason = _("Diubah: %(fields)s") % {"fields": ", ".join(labels) or _("lembar dibuat")}
        sheet._change_reason = reason[:REASON_LENGTH]
        sheet.save()
    return SavedSheet(sheet=sheet, changed=labels)


def office_indicators(*, period, level: int | None = None, unit_id: int | None = None):
    """The period's indicators in plan order with node, unit and sheet, optionally of one level
    or one responsible unit. One query."""
    rows = Indicator.objects.filter(node__period=period)
    if level is not None:
        rows = rows.filter(node__level=level)
    if unit_id is not None:
        rows = rows.filter(node__unit_id=unit_id)
    # Tujuan and Sasaran (the IKU) first, then programs down to sub kegiatan in code order.
    goals_first = Case(When(node__level__lte=Level.SASARAN, then=0), default=1)
    return rows.select_related("node", "node__unit", "definition_sheet").order_by(
        goals_first, "node__code_key", "order"
    )
