"""Encrypted model fields that refuse to store a secret without a configured key.

django-fernet-fields-v2 falls back to a key derived from SECRET_KEY when FERNET_KEYS is empty, so rotating the
secret key would make every stored token unreadable. We require FIELD_ENCRYPTION_KEY instead, store an empty
value as NULL (nothing to encrypt, nothing to leak), and read the keys on each use so that a rotation in
settings (or a test's override) takes effect without a restart of the field's cache.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fernet_fields import EncryptedTextField


class RequiredKeyEncryptedTextField(EncryptedTextField):
    @property
    def fernet(self):
        keys = settings.FERNET_KEYS
        if not keys:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY: is required to store or read an encrypted token; set it to a Fernet key"
            )
        return MultiFernet([Fernet(key) for key in keys])

    def get_db_prep_save(self, value, connection):
        if not value:
            return None
        return super().get_db_prep_save(value, connection)
