"""Login forms with Django's failure message in correct Indonesian.

Django's own Indonesian text inserts the username field's label into a sentence that already
names it ("Masukkan nama pengguna nama pengguna dan sandi yang benar."), so both the product's
login and the admin's say it in their own words.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

INVALID_LOGIN = _(
    "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
)


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}


class AdminLoginForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}
