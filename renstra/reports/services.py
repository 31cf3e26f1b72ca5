"""Writes of the reports app: the chapter texts of the whole LKjIP and SPM documents.

One transaction: the rows written are locked (SELECT ... FOR UPDATE) and re-read, and a text
changed by someone else since the writer loaded it is refused with the conflict message of the
realisation workflow (`EditConflict`), naming who changed it and when. Every change is kept by
django-simple-history with the user.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cascading.workflow import EditConflict
from renstra.models import Organisation
from renstra.permissions import REFUSED_WRITE_REPORT, can_write_reports

from .choices import WholeDocument
from .models import SECTION_MAX_LENGTH, DocumentText
from .naskah import normalise, section_keys


@dataclass(frozen=True)
class TextChange:
    """A section's new text ("" = back to the automatic draft) and the version the writer saw
    (0 when nothing was saved)."""

    text: str
    expected_version: int


class TextsRefused(Exception):
    """Nothing was saved: `errors` names each refused section's problem."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(
            _("Naskah tidak disimpan: %(reason)s") % {"reason": next(iter(errors.values()))}
        )


@transaction.atomic
def save_document_texts(
    *,
    user,
    organisation: Organisation,
    year: int,
    document: WholeDocument,
    changes: Mapping[str, TextChange],
) -> list[DocumentText]:
    """Save the texts of several sections of a document: all of them or none.

    Returns the rows written (a text equal to the saved one is skipped). Raises PermissionDenied
    for a user who may not write the office's reports, ValueError for a section the document
    does not have, TextsRefused naming each section too long or changed meanwhile.
    """
    if not can_write_reports(user, organisation.pk):
        raise PermissionDenied(REFUSED_WRITE_REPORT)
    unknown = set(changes) - set(section_keys(document))
    if unknown:
        raise ValueError(f"Not a section of {document}: {sorted(unknown)}")
    current = {
        row.section: row
        for row in DocumentText.objects.select_for_update(of=("self",))
        .select_related("updated_by", "created_by")
        .filter(organisation=organisation, year=year, document=document, section__in=changes)
    }
    saved, errors = [], {}
    for section, change in changes.items():
        text = normalise(change.text)
        if len(text) > SECTION_MAX_LENGTH:
            errors[section] = _(
                "Naskah terlalu panjang: %(length)s karakter, paling banyak %(limit)s."
            ) % {"length": len(text), "limit": SECTION_MAX_LENGTH}
            continue
        row = current.get(section)
        try:
            record = _write(
                user=user,
                organisation=organisation,
                year=year,
                document=document,
                section=section,
                text=text,
                expected_version=change.expected_version,
                current=row,
            )
        except EditConflict as conflict:
            errors[section] = str(conflict)
            continue
        if record is not None:
            saved.append(record)
    if errors:
        transaction.set_rollback(True)
        raise TextsRefused(errors)
    return saved


def _write(
    *,
    user,
    organisation: Organisation,
    year: int,
    document: WholeDocument,
    section: str,
    text: str,
    expected_version: int,
    current: DocumentText | None,
) -> DocumentText | None:
    if current is not None:
        if current.version != expected_version:
            raise EditConflict(current)
        if current.text == text:
            return None
        record = current
        record.version += 1
    else:
        if not text:
            return None  # the draft is already what prints
        record = DocumentText(
            organisation=organisation,
            year=year,
            document=document,
            section=section,
            created_by=user,
        )
    record.text = text
    record.updated_by = user
    record._history_user = user
    record.full_clean(validate_constraints=record.pk is not None)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # A parallel first save of the same section won: a conflict, not a database error.
        winner = (
            DocumentText.objects.select_related("updated_by", "created_by")
            .filter(organisation=organisation, year=year, document=document, section=section)
            .first()
        )
        if winner is None:
            raise
        raise EditConflict(winner) from None
    return record
