"""Reads of the check-in board of one event day: who may see it and what it
shows (sent on every connect; check-in pushes each arrival after)."""

from szkola.accounts.permissions import user_may_act_on_voivodeship

from .models import Attendance, EventDay, Registration


def board_day_get(*, pk: int) -> EventDay | None:
    return EventDay.objects.select_related("page").filter(pk=pk).first()


def user_may_see_board(*, user, day: EventDay) -> bool:
    return user_may_act_on_voivodeship(user, day.page.organiser)


BOARD_ARRIVALS = 30


def board_state(*, day: EventDay) -> dict:
    """Present count, who is still expected, latest arrivals first."""
    confirmed = list(
        Registration.objects.filter(
            event_id=day.page_id, status=Registration.Status.CONFIRMED
        )
        .order_by("participant_name", "pk")
        .values("pk", "participant_name", "institution_name")
    )
    present = {
        row["registration_id"]: row["marked_at"]
        for row in Attendance.objects.filter(
            day=day, present=True, registration__status=Registration.Status.CONFIRMED
        ).values("registration_id", "marked_at")
    }

    def person(row):
        return {
            "id": row["pk"],
            "name": row["participant_name"],
            "institution": row["institution_name"],
        }

    arrivals = sorted(
        (r for r in confirmed if r["pk"] in present),
        key=lambda r: present[r["pk"]],
        reverse=True,
    )
    return {
        "event": "board",
        "present_count": len(present),
        "confirmed_count": len(confirmed),
        "expected": [person(r) for r in confirmed if r["pk"] not in present],
        "arrivals": [person(r) for r in arrivals[:BOARD_ARRIVALS]],
    }
