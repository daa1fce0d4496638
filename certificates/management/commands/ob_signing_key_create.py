"""Print a new Ed25519 private key (PEM) for signing Open Badges credentials.

Store it as OB_SIGNING_KEY in the environment (the PEM, or base64 of it with
``--base64``). Changing the key makes earlier credentials unverifiable against
the published key, so rotate deliberately.
"""

import base64

from django.core.management.base import BaseCommand

from certificates.openbadges import signing_key_pem_new


class Command(BaseCommand):
    help = "Print a new Ed25519 signing key for Open Badges credentials (PEM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base64", action="store_true", help="Print the PEM base64-encoded."
        )

    def handle(self, *args, **options):
        pem = signing_key_pem_new()
        if options["base64"]:
            self.stdout.write(base64.b64encode(pem.encode()).decode())
        else:
            self.stdout.write(pem)
