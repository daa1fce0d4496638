"""Is the certificate register whole? Run after a restore (and at any time):
every certificate's stored PDF is there with the checksum the register
holds, the numbers of each year run without gaps up to the counter, and the
credential of every valid certificate is signed and verifies with the
issuer's key. Used by ``manage.py register_verify`` and the restore drill.

A number up to the counter that no certificate holds is not a gap when it is
accounted for: reserved by a bulk-issue chunk that has not issued it yet, or
given back for the next issue of its year to take first. Those are listed
apart (``reserved``, ``returned``), never counted as issued; a number that is
both issued and still reserved, or reserved above the counter, is a
problem."""

import hashlib
from dataclasses import dataclass, field

from .models import Certificate, NumberCounter, ReservedNumber
from .openbadges import credential_jwt, credential_verify
from .storage import private_storage


@dataclass
class RegisterReport:
    certificates: int = 0
    pdfs_checked: int = 0
    credentials_checked: int = 0
    problems: list[str] = field(default_factory=list)
    # {year: [sequence, ...]} of numbers not issued but accounted for.
    reserved: dict[int, list[int]] = field(default_factory=dict)
    returned: dict[int, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def register_check(*, credentials: bool = True) -> RegisterReport:
    report = RegisterReport()
    storage = private_storage()
    for certificate in Certificate.objects.order_by("year", "sequence").iterator():
        report.certificates += 1
        if certificate.pdf:
            if not storage.exists(certificate.pdf):
                report.problems.append(f"{certificate.number}: brak pliku PDF")
            else:
                with storage.open(certificate.pdf, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
                if digest != certificate.pdf_sha256:
                    report.problems.append(
                        f"{certificate.number}: suma SHA-256 pliku PDF się nie zgadza"
                    )
                report.pdfs_checked += 1
        if credentials and certificate.status == "valid":
            try:
                credential_verify(credential_jwt(certificate=certificate))
            except Exception as error:  # noqa: BLE001 - reported, not raised
                report.problems.append(
                    f"{certificate.number}: poświadczenie nie weryfikuje się ({error})"
                )
            report.credentials_checked += 1
    for year, sequence, chunk_id in ReservedNumber.objects.order_by(
        "year", "sequence"
    ).values_list("year", "sequence", "chunk_id"):
        kept = report.reserved if chunk_id is not None else report.returned
        kept.setdefault(year, []).append(sequence)
    for counter in NumberCounter.objects.all():
        sequences = set(
            Certificate.objects.filter(year=counter.year).values_list(
                "sequence", flat=True
            )
        )
        set_aside = set(report.reserved.get(counter.year, [])) | set(
            report.returned.get(counter.year, [])
        )
        missing = sorted(set(range(1, counter.last + 1)) - sequences - set_aside)
        if missing:
            report.problems.append(
                f"{counter.year}: brak numerów {', '.join(map(str, missing[:10]))}"
            )
        both = sorted(sequences & set_aside)
        if both:
            report.problems.append(
                f"{counter.year}: numery wydane i wciąż zarezerwowane "
                f"{', '.join(map(str, both[:10]))}"
            )
        highest = max(sequences | set_aside, default=0)
        if highest > counter.last:
            report.problems.append(
                f"{counter.year}: licznik ({counter.last}) poniżej numeru {highest}"
            )
    return report
