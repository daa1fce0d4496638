from szkola.accounts.errors import DomainError


class MonitoringError(DomainError):
    """A refused monitoring operation. Codes: ``invalid`` (the data do not
    hold; ``field_errors`` says which field and why), ``scope`` (not the
    coordinator's voivodeship), ``not_found``, ``not_ended`` (participation
    still lasts)."""

    def __init__(self, code: str, message: str = "", field_errors=None) -> None:
        super().__init__(code, message)
        self.field_errors: dict[str, str] = field_errors or {}
