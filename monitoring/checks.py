"""System checks of the monitoring app."""

from django.core import checks

from .crypto import configured_keys


@checks.register(checks.Tags.security, deploy=True)
def encryption_key_configured(app_configs=None, **kwargs) -> list[checks.Error]:
    """Participant data are encrypted at rest: production needs a real key."""
    from cryptography.fernet import Fernet

    keys = configured_keys()
    if not keys:
        return [
            checks.Error(
                "MONITORING_ENCRYPTION_KEY is not set: EFS participant data "
                "cannot be stored encrypted.",
                hint="Generate a key with `python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())'` and keep "
                "it with the database backups' keys.",
                id="monitoring.E001",
            )
        ]
    try:
        for key in keys:
            Fernet(key.encode())
    except ValueError:
        return [
            checks.Error(
                "MONITORING_ENCRYPTION_KEY is not a valid Fernet key "
                "(32 bytes, URL-safe base64).",
                id="monitoring.E002",
            )
        ]
    return []
