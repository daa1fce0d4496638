"""``makemessages`` that also finds strings marked with ``N_``.

Services mark wording that is translated later, when it is read (notification
texts, registration announcements), with ``gettext_noop`` imported as ``N_``.
xgettext only knows the names Django passes it, so without this those strings
would never reach the catalogues and would stay Polish in English.
"""

from django.core.management.commands.makemessages import Command as DjangoCommand


class Command(DjangoCommand):
    xgettext_options = [*DjangoCommand.xgettext_options, "--keyword=N_"]
