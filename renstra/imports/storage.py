"""Where the admin import keeps an uploaded file between its preview and its confirmation.

django-import-export's default storage joins the name the confirmation form sends back to the
system's temporary folder. Here the file lives in the import folder (`admin/` under
settings.RENSTRA_IMPORT_DIR) under a name this class generates, and a name that is not such a
generated name (a path, `..`, anything else) is refused before any file is touched.
"""

import re
from pathlib import Path
from uuid import uuid4

from django.utils.translation import gettext as _
from import_export.tmp_storages import BaseStorage

from .workbook import ImportFileError, RowError

GENERATED_NAME = re.compile(r"^[0-9a-f]{32}$")


def refused_name() -> ImportFileError:
    return ImportFileError(
        [RowError(_("Berkas impor sementara tidak dikenal; unggah ulang berkasnya."))]
    )


def is_generated_name(name) -> bool:
    return isinstance(name, str) and bool(GENERATED_NAME.fullmatch(name))


def admin_folder() -> Path:
    from .services import pending_root

    return pending_root() / "admin"


class AdminImportStorage(BaseStorage):
    """A temporary import file named by a random hex token, only inside `admin_folder()`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.name is not None and not is_generated_name(self.name):
            raise refused_name()

    def get_full_path(self) -> Path:
        return admin_folder() / self.name

    def save(self, data) -> None:
        folder = admin_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.name = uuid4().hex
        content = data if isinstance(data, bytes) else str(data).encode(self.encoding or "utf-8")
        self.get_full_path().write_bytes(content)

    def read(self):
        try:
            content = self.get_full_path().read_bytes()
        except OSError:
            raise ImportFileError(
                [
                    RowError(
                        _(
                            "Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah ulang "
                            "berkasnya."
                        )
                    )
                ]
            ) from None
        if "b" in self.read_mode:
            return content
        return content.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        self.get_full_path().unlink(missing_ok=True)
