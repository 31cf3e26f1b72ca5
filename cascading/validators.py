"""Checks on evidence files (bukti dukung): a real PDF or image, not larger than allowed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of each accepted type; the extension alone proves nothing.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def validate_evidence_file(file) -> None:
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in settings.EVIDENCE_EXTENSIONS:
        raise ValidationError(
            _("Bukti dukung harus berkas PDF atau gambar (PNG/JPG); '%(name)s' tidak diterima.")
            % {"name": name}
        )
    if file.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Bukti dukung terlalu besar (%(size)s); batasnya %(limit)s.")
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            }
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("Isi berkas '%(name)s' bukan %(kind)s yang sah.")
            % {"name": name, "kind": extension.upper()}
        )
