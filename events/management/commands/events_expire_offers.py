"""Pass on the places offered from waiting lists that nobody accepted in time.

Run from cron (e.g. every 15 minutes) so the next person waiting hears of the
place promptly; registering, cancelling and accepting an offer pass on the
lapsed offers of that event too, so nothing depends on it for correctness.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from events.services import waitlist_offers_expire


class Command(BaseCommand):
    help = (
        "Anuluje nieprzyjęte w terminie oferty miejsc z list rezerwowych i "
        "przekazuje miejsca kolejnym osobom."
    )

    def handle(self, *args, **options):
        lapsed = waitlist_offers_expire()
        self.stdout.write(_("Oferty miejsc, które wygasły: %(n)d.") % {"n": lapsed})
