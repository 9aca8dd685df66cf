from allauth.account.signals import email_confirmed
from django.db import transaction
from django.dispatch import receiver

from . import welcome


@receiver(email_confirmed)
def send_welcome_on_verification(request, email_address, **kwargs) -> None:
    # The welcome goes to an address the person has shown is theirs, so after verification,
    # not at sign-up. Claimed in the confirming transaction, enqueued after it commits (the
    # worker sees the claim); a broker that is down leaves the claim for the reminder sweep.
    # claim() claims nothing once the welcome is sent (a second address confirmed later).
    user = email_address.user
    token = welcome.claim(user)
    if token:
        transaction.on_commit(lambda: welcome.enqueue(user.pk, token))
