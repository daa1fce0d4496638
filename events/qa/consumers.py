"""Sockets of live Q&A rooms. Thin: access checks
and snapshots come from qa_selectors, every write from qa_services."""

from channels.db import database_sync_to_async
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from szkola.accounts.errors import DomainError
from szkola.live.consumers import LiveConsumer

from ..errors import EventError
from . import selectors as qa_selectors
from . import services as qa_services
from .models import Poll, Question


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value[:18])
    return None


class QARoomConsumer(LiveConsumer):
    """``role`` (from the route): participant, moderator or projector."""

    role = "participant"
    groups_named_by_route = True

    @cached_property
    def room_id(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["room_id"])

    def allowed(self, user) -> bool:
        self.room, self.shared_state = qa_selectors.room_for_socket(
            pk=self.room_id, role=self.role
        )
        if self.room is None:
            return False
        if self.role == "moderator":
            return qa_selectors.user_may_moderate(user=user, room=self.room)
        if self.role == "participant" and user.is_active:
            # The registration and the person's own part in one query; the
            # snapshot sends the part read here.
            confirmed, self.own_part = qa_selectors.participant_entry(
                user=user, room=self.room
            )
            return confirmed or qa_selectors.user_may_moderate(
                user=user, room=self.room
            )
        return qa_selectors.user_may_participate(user=user, room=self.room)

    def group_names(self) -> list[str]:
        if self.role == "moderator":
            return [qa_services.moderators_group(self.room_id)]
        return [qa_services.room_group(self.room_id)]

    def snapshot(self) -> str:
        # The room and the shared state read by the access check a moment
        # ago (in this same trip), encoded once per change of the room.
        return qa_selectors.room_state_json(
            room=self.room,
            user=self.user,
            role=self.role,
            shared=self.shared_state,
            # Used once: a later snapshot reads the part afresh.
            own=self.__dict__.pop("own_part", None),
        )

    async def on_action(self, content: dict) -> None:
        if self.role == "projector":
            return  # no controls, by design
        action = content.get("action")
        handler = (
            getattr(self, f"_do_{action}", None) if isinstance(action, str) else None
        )
        if handler is None:
            return
        try:
            reply = await database_sync_to_async(handler)(content)
        except DomainError as error:
            await self.send_json(
                {"event": "error", "code": error.code, "message": str(error.message)}
            )
            return
        except (Question.DoesNotExist, Poll.DoesNotExist):
            await self.send_json(
                {
                    "event": "error",
                    "code": "not_found",
                    "message": _("Nie ma już tego pytania lub ankiety."),
                }
            )
            return
        if reply:
            await self.send_json(reply)

    # --- participants ------------------------------------------------------------

    def _question(self, content) -> Question:
        return Question.objects.get(pk=_int(content.get("id")), room_id=self.room_id)

    def _poll(self, content) -> Poll:
        return Poll.objects.get(pk=_int(content.get("poll")), room_id=self.room_id)

    def _do_ask(self, content):
        text = content.get("text")
        question = qa_services.question_ask(
            room=self.room, user=self.user, text=text if isinstance(text, str) else ""
        )
        return {"event": "asked", "question": question.as_payload()}

    def _do_vote(self, content):
        question = qa_services.question_vote(
            question=self._question(content), user=self.user
        )
        return {"event": "voted", "id": question.pk}

    def _do_poll_vote(self, content):
        poll = qa_services.poll_vote(
            poll=self._poll(content),
            user=self.user,
            option_id=_int(content.get("option")) or 0,
        )
        return {
            "event": "poll_voted",
            "poll": poll.pk,
            "option": _int(content.get("option")),
        }

    # --- moderators --------------------------------------------------------------

    def _moderator_only(self):
        if self.role != "moderator":
            raise EventError("forbidden", _("Tylko moderator może to zrobić."))

    def _do_moderate(self, content):
        self._moderator_only()
        verb = content.get("verb")
        qa_services.question_moderate(
            question=self._question(content),
            actor=self.user,
            action=verb if isinstance(verb, str) else "",
        )

    def _do_premoderation(self, content):
        self._moderator_only()
        qa_services.room_set_premoderation(
            room=self.room, actor=self.user, enabled=bool(content.get("enabled"))
        )

    def _do_poll_open(self, content):
        self._moderator_only()
        options = content.get("options")
        question = content.get("question")
        qa_services.poll_open(
            room=self.room,
            actor=self.user,
            question=question if isinstance(question, str) else "",
            options=[o for o in options if isinstance(o, str)]
            if isinstance(options, list)
            else [],
        )
        return {"event": "poll_opened"}

    def _do_poll_close(self, content):
        self._moderator_only()
        qa_services.poll_close(poll=self._poll(content), actor=self.user)


class QAModeratorConsumer(QARoomConsumer):
    role = "moderator"
    staff_second_factor_required = True


class QAProjectorConsumer(QARoomConsumer):
    role = "projector"
    staff_second_factor_required = True
