"""Production error reporting with Sentry, enabled only when SENTRY_DSN is
set, and never carrying personal data: no user, no cookies, no request
bodies or query strings, no local variables; email addresses and
PESEL-like numbers left in messages are masked."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Eleven digits in a row: a PESEL (or a phone number) - masked either way.
ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")
MASK = "[ukryte]"


def _masked(text: str) -> str:
    return ELEVEN_DIGITS.sub(MASK, EMAIL.sub(MASK, text))


def scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_send``: strip what could identify a person."""
    event.pop("user", None)
    request = event.get("request") or {}
    for key in ("cookies", "data", "query_string", "env"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"cookie", "authorization", "x-forwarded-for", "x-real-ip"}:
            headers.pop(name)
    if "url" in request:
        request["url"] = _masked(request["url"])
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = _masked(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if isinstance(logentry.get(key), str):
            logentry[key] = _masked(logentry[key])
    logentry.pop("params", None)
    if isinstance(event.get("message"), str):
        event["message"] = _masked(event["message"])
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = _masked(crumb["message"])
        crumb.pop("data", None)
    return event


def sentry_init(*, dsn: str, environment: str, release: str, traces: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces,
        before_send=scrub,
    )
