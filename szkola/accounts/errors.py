class DomainError(Exception):
    """A refused operation with a stable ``code``; views turn it into a message.

    Every app's errors derive from this, so a view can catch them all the same
    way and show ``error.message`` (already translated) to the user.
    """

    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        self.message = message or code
        super().__init__(f"{code}: {self.message}")


class AccountError(DomainError):
    """A refused change to an account. Codes: ``staff``, ``scope``, ``invalid``."""
