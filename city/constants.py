"""Sort keys and thresholds of the city's pages."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# `?urut=` of the city dashboard: the columns it may be sorted by (a leading "-" sorts
# descending); anything else is refused with a 400.
SORT_KEYS = {
    "nama": _("nama perangkat daerah"),
    "capaian": _("capaian IKU"),
    "serapan": _("serapan anggaran"),
    "entri": _("kemajuan entri triwulan"),
    "antrean": _("antrean verifikasi"),
    "kembali": _("entri dikembalikan"),
}
DEFAULT_SORT = "nama"

# An office is flagged when its IKU capaian is below this (the lowest predikat's bound on the
# default scale) ...
LOW_CAPAIAN = Decimal("50")
