"""What the import commands share: finding the user, office and period, and printing a preview."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from renstra.models import Organisation, RenstraPeriod
from renstra.permissions import access_of, readable_organisations

from .preview import Action, Preview


def user_named(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("Pengguna '%(name)s' tidak ada.") % {"name": username})
    return user


def office_for(user, code: str | None) -> Organisation:
    """The office named with --office, or the user's own."""
    offices = readable_organisations(user) if user is not None else Organisation.objects.all()
    if code:
        office = offices.filter(code=code).first()
        if office is None:
            raise CommandError(
                _("Perangkat daerah '%(code)s' tidak ada atau tidak dapat Anda akses.")
                % {"code": code}
            )
        return office
    office = offices.filter(pk=access_of(user).organisation_id).first() if user else None
    if office is None:
        raise CommandError(_("Sebutkan perangkat daerahnya dengan --office KODE."))
    return office


def period_for(organisation: Organisation, years: str) -> RenstraPeriod:
    """A period written `2024-2026`."""
    start, _dash, end = years.partition("-")
    period = None
    if start.isdigit() and end.isdigit():
        period = RenstraPeriod.objects.filter(
            organisation=organisation, start_year=int(start), end_year=int(end)
        ).first()
    if period is None:
        known = ", ".join(
            f"{item.start_year}-{item.end_year}" for item in organisation.periods.all()
        )
        raise CommandError(
            _("Periode '%(years)s' tidak ada; periode %(office)s: %(known)s.")
            % {"years": years, "office": organisation.short_name, "known": known or "-"}
        )
    return period


def report(command, preview: Preview, *, dry_run: bool, dry_run_note: str = "") -> None:
    """Print the rows that change and the summary; raise CommandError (exit 1) on any refusal.
    `dry_run_note` replaces the closing line of a preview (for a command whose flag differs)."""
    for row in preview.rows:
        if row.action not in (Action.NEW, Action.CHANGED):
            continue
        when = f" {row.year} TW{row.quarter}" if row.year and row.quarter else ""
        changes = "; ".join(
            f"{label}: {old or '-'} → {new or '-'}" for label, old, new in row.changes
        )
        command.stdout.write(
            f"{row.sheet} baris {row.row} [{row.action_label}] {row.code}{when} {row.label}: "
            f"{changes}"
        )
    if preview.ignored_sheets:
        command.stdout.write(
            _("Sheet yang tidak dibaca: %(sheets)s") % {"sheets": ", ".join(preview.ignored_sheets)}
        )
    command.stdout.write(_("Ringkasan: %(summary)s.") % {"summary": preview.summary()})
    if not preview.ok:
        lines = [
            _("Impor ditolak, tidak ada yang diubah: %(count)s kesalahan.")
            % {"count": len(preview.errors)},
            *(str(error) for error in preview.errors),
        ]
        raise CommandError("\n".join(lines))
    if dry_run:
        command.stdout.write(dry_run_note or _("Uji coba (--dry-run): tidak ada yang disimpan."))
    else:
        command.stdout.write(command.style.SUCCESS(_("Impor diterapkan.")))
