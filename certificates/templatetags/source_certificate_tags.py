"""``{% source_certificate "course" course.pk %}``: the signed-in person's
certificate for a course or event (download link, or a note that it is being
issued). Course and event templates load this tag; their Python code never
imports certificates."""

from django import template

register = template.Library()


@register.inclusion_tag(
    "certificates/includes/source_certificate.html", takes_context=True
)
def source_certificate(context, source_kind: str, source_id: int):
    from ..selectors import certificate_of_source

    request = context.get("request")
    user = getattr(request, "user", None)
    state = None
    if user is not None:
        state = certificate_of_source(
            user=user, source_kind=source_kind, source_id=source_id
        )
    return {"state": state}
