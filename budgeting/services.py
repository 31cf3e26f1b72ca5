"""Writes of budget realisations (realisasi anggaran) per sub kegiatan and quarter."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from cascading import workflow
from cascading.choices import QUARTERS, Level
from cascading.models import PlanNode
from cascading.plausibility import confirm_plausibility, implausibility
from renstra.numbers import NumberFormatError, parse_decimal

from .models import BudgetRealisation
from .selectors import current_budget, quarter_end


def parse_amount(text: str) -> Decimal:
    raw = (text or "").strip()
    if raw.lower().startswith("rp"):
        raw = raw[2:].strip()
    if not raw:
        raise ValidationError({"amount": _("Isi realisasi anggaran (Rp).")})
    try:
        amount = parse_decimal(raw)
    except NumberFormatError:
        raise ValidationError(
            {"amount": _("'%(text)s' bukan nilai rupiah (contoh: 1.250.000,00).") % {"text": text}}
        ) from None
    if amount < 0:
        raise ValidationError({"amount": _("Realisasi anggaran tidak boleh negatif.")})
    if amount.as_tuple().exponent < -2:
        raise ValidationError({"amount": _("Rupiah paling banyak dua angka di belakang koma.")})
    return amount


def _implausibility(node: PlanNode, year: int, quarter: int, amount: Decimal) -> list[str]:
    """Why a quarter's spending looks implausible: the year's spending up to this quarter
    (earlier quarters entered, and this amount) against the current budget at the quarter's end
    (`current_budget`: DPA/DPPA, else Renja, else Renstra)."""
    budget = current_budget(node=node, year=year, as_of=quarter_end(year, quarter))
    pagu = budget.amount if budget else None
    earlier = BudgetRealisation.objects.filter(node=node, year=year, quarter__lt=quarter).aggregate(
        total=Sum("amount")
    )["total"]
    return implausibility(spent_to_date=(earlier or Decimal("0")) + amount, pagu=pagu)


@transaction.atomic
def save_budget_realisation(
    *,
    user,
    node: PlanNode,
    year: int,
    quarter: int,
    amount: str,
    note: str = "",
    expected_version: int | None = None,
    confirmed: bool | None = None,
) -> BudgetRealisation:
    """Enter or correct the money a sub kegiatan spent in a quarter (as a draft).

    Spending to date above the year's pagu is implausible: refused with ImplausibleValue unless
    `confirmed` (then a note is required), as for indicator values (`save_realisation`).
    """
    if node.level != Level.SUB_KEGIATAN:
        raise ValidationError({"node": _("Realisasi anggaran dicatat pada sub kegiatan.")})
    if year not in node.period.years or quarter not in QUARTERS:
        raise ValidationError(
            {"year": _("Tahun atau triwulan di luar periode %(period)s.") % {"period": node.period}}
        )
    workflow.check_entry(user, workflow.Scope(node.organisation_id, node.unit_id, year, quarter))
    parsed = parse_amount(amount)
    record = (
        BudgetRealisation.objects.select_for_update(of=("self",))
        .filter(node=node, year=year, quarter=quarter)
        .first()
    )
    if record is None:
        if expected_version not in (None, 0):
            raise ValidationError(_("Nilai yang Anda ubah sudah dihapus; muat ulang halaman."))
        record = BudgetRealisation(node=node, year=year, quarter=quarter, amount=parsed)
    workflow.check_editable(record, expected_version)
    reasons = _implausibility(node, year, quarter, parsed)
    if record.pk is not None and record.source and parsed != record.amount:
        # A quarter imported from a file is overwritten by typing only after a confirmation.
        reasons.insert(
            0,
            _(
                "Nilai triwulan ini diimpor dari berkas (%(source)s); menimpanya dengan ketikan "
                "perlu dikonfirmasi."
            )
            % {"source": record.source},
        )
        record.source = ""
    record.amount = parsed
    record.note = note.strip()
    record.plausibility_warning = confirm_plausibility(
        reasons=reasons,
        confirmed=confirmed,
        note=record.note,
    )
    workflow.stamp_edit(record, user)
    workflow.save_entry(record, lookup={"node": node, "year": year, "quarter": quarter})
    return record
