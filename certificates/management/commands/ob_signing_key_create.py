"""Print a new private key (PEM) for signing Open Badges credentials: RSA
(RS256, the algorithm every OB 3.0 verifier supports) by default, or
Ed25519 (EdDSA) with ``--algorithm EdDSA``.

Store it as OB_SIGNING_KEY in the environment (the PEM, or base64 of it with
``--base64``). Changing the key makes earlier credentials unverifiable against
the published key, so rotate deliberately.
"""

import base64

from django.core.management.base import BaseCommand

from certificates.openbadges import EDDSA, RS256, signing_key_pem_new


class Command(BaseCommand):
    help = "Print a new signing key for Open Badges credentials (PEM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base64", action="store_true", help="Print the PEM base64-encoded."
        )
        parser.add_argument(
            "--algorithm",
            choices=[RS256, EDDSA],
            default=RS256,
            help="RS256 (RSA 3072, the default) or EdDSA (Ed25519).",
        )

    def handle(self, *args, **options):
        pem = signing_key_pem_new(options["algorithm"])
        if options["base64"]:
            self.stdout.write(base64.b64encode(pem.encode()).decode())
        else:
            self.stdout.write(pem)
