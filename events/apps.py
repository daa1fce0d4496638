from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Szkolenia i wydarzenia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from szkola.accounts.signals import account_deleting, personal_data_sections

        from .models import EventPage
        from .receivers import event_published, personal_data_section, release_places

        personal_data_sections.connect(
            personal_data_section, dispatch_uid="events.personal_data"
        )
        account_deleting.connect(release_places, dispatch_uid="events.release_places")
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="events.calendar"
        )
        self._connect_room_state_forget(page_published, EventPage)
        self._connect_event_pages_forget()

    @staticmethod
    def _connect_event_pages_forget() -> None:
        """The pages read for registration are cached (selectors.
        event_for_registration): any change that could alter one of them,
        its days, quotas, view restrictions (an ancestor's too) or URL
        renews their generation."""
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site, get_page_models
        from wagtail.signals import post_page_move

        from szkola.home.generations import generation_bump

        from .models import EventDay, EventQuota
        from .selectors import EVENT_PAGES_GENERATION

        def forget(sender, raw=False, **kwargs):
            if not raw:
                generation_bump(EVENT_PAGES_GENERATION)

        # Every page type: an ancestor's slug or an unpublished parent
        # changes the event's address or whether it is seen.
        watched = {Page, *get_page_models(), EventDay, EventQuota}
        watched |= {PageViewRestriction, Site}
        for model in watched:
            for signal in (post_save, post_delete):
                signal.connect(
                    forget,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"events.pages.forget.{model._meta.label_lower}",
                )
        post_page_move.connect(forget, weak=False, dispatch_uid="events.pages.moved")

    @staticmethod
    def _connect_room_state_forget(page_published, EventPage) -> None:
        """Edits outside the Q&A services (the admin, a shell) also renew the
        rooms' cached state; the services renew it themselves."""
        from django.db.models.signals import post_delete, post_save

        from .qa.models import Poll, QARoom, Question
        from .qa.services import room_state_forget

        def forget(sender, instance, raw=False, **kwargs):
            if not raw:
                room_state_forget(instance.pk if sender is QARoom else instance.room_id)

        def event_published_forget(sender, instance, **kwargs):
            # The cached rooms carry their event (its organiser decides who
            # moderates).
            for room_id in QARoom.objects.filter(event_id=instance.pk).values_list(
                "pk", flat=True
            ):
                room_state_forget(room_id)

        page_published.connect(
            event_published_forget,
            sender=EventPage,
            weak=False,
            dispatch_uid="events.qa.forget.event",
        )
        for model in (QARoom, Question, Poll):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"events.qa.forget.{model.__name__}",
                )
