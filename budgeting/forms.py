"""Forms of the budget import page: the upload, and the column mapping of the preview."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renstra.imports.forms import UploadForm
from renstra.params import ascii_year, has_control_characters

from .imports import FIELDS, REALISASI, SHIPPED_PROFILES
from .models import BudgetKind, ColumnProfile

KIND_CHOICES = [*BudgetKind.choices, (REALISASI, _("Realisasi anggaran s.d. tanggal"))]
FIELD_LABELS = {
    "kode": _("Kode sub kegiatan"),
    "rekening": _("Kode rekening"),
    "uraian": _("Uraian"),
    "anggaran": _("Anggaran / pagu"),
    "prakiraan": _("Prakiraan maju (Renja)"),
    "realisasi": _("Realisasi kumulatif"),
}


class BudgetUploadForm(UploadForm):
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=KIND_CHOICES)
    year = forms.CharField(label=_("Tahun anggaran"), max_length=4)
    as_of = forms.DateField(
        label=_("Tanggal s.d./berlaku"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Wajib untuk realisasi, DPPA dan pergeseran."),
    )
    profile = forms.ChoiceField(label=_("Profil kolom"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, auto_id="anggaran_%s", **kwargs)
        self.fields["workbook"].label = _("Berkas (.xlsx atau .csv)")
        self.fields["workbook"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["profile"].choices = profile_choices(organisation)

    def clean_year(self):
        year = ascii_year(self.cleaned_data["year"])
        if year is None or not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Tulis tahun dengan empat angka, mis. 2025."))
        return year


def profile_choices(organisation) -> list[tuple[str, str]]:
    choices = [("", _("Kenali judul kolom otomatis"))]
    choices += [(f"bawaan:{key}", profile["name"]) for key, profile in SHIPPED_PROFILES.items()]
    choices += [
        (f"profil:{profile.pk}", profile.name)
        for profile in ColumnProfile.objects.filter(organisation=organisation)
    ]
    return choices


def profile_columns(organisation, choice: str) -> dict[str, str]:
    """The mapping of a chosen profile (shipped or the office's own), {} for none."""
    kind, _sep, key = (choice or "").partition(":")
    if kind == "bawaan" and key in SHIPPED_PROFILES:
        return dict(SHIPPED_PROFILES[key]["columns"])
    if kind == "profil" and key.isascii() and key.isdigit():
        profile = ColumnProfile.objects.filter(organisation=organisation, pk=int(key)).first()
        if profile is not None:
            return {name: header for name, header in profile.columns.items() if name in FIELDS}
    return {}


class MappingForm(forms.Form):
    """One select per field, offering the file's headers."""

    profile_name = forms.CharField(
        label=_("Simpan pemetaan sebagai profil (nama)"), required=False, max_length=80
    )

    def __init__(self, *args, headers: list[str], initial_columns: dict[str, str], **kwargs):
        super().__init__(*args, auto_id="kolom_%s", **kwargs)
        choices = [("", _("(tidak dipakai)"))] + [(h, h) for h in headers if h]
        for name in FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name],
                choices=choices,
                required=False,
                initial=initial_columns.get(name, ""),
            )
        self.order_fields([*FIELDS, "profile_name"])

    def clean_profile_name(self):
        name = self.cleaned_data["profile_name"].strip()
        if has_control_characters(name):
            raise forms.ValidationError(_("Nama profil memuat karakter kendali."))
        return name

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in FIELDS if self.cleaned_data.get(name)}
