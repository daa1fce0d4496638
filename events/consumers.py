"""The socket of the check-in board. Thin: access and the snapshot come from
``checkin_board``; check-in pushes each arrival (``rules.checkin_group``)."""

from django.utils.functional import cached_property

from szkola.live.consumers import LiveConsumer

from . import checkin_board
from .rules import checkin_group


class CheckinBoardConsumer(LiveConsumer):
    """The live board of one event day, for coordinators in scope. Check-in
    (events.services.checkin) pushes each arrival to ``checkin.day.<id>``."""

    staff_second_factor_required = True
    groups_named_by_route = True

    @cached_property
    def day_id(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["day_id"])

    def allowed(self, user) -> bool:
        # As on the board's page: coordinators in scope (the second factor
        # is checked before, by LiveConsumer).
        day = checkin_board.board_day_get(pk=self.day_id)
        return day is not None and checkin_board.user_may_see_board(user=user, day=day)

    def group_names(self) -> list[str]:
        return [checkin_group(self.day_id)]

    def snapshot(self) -> dict:
        day = checkin_board.board_day_get(pk=self.day_id)
        return checkin_board.board_state(day=day)
