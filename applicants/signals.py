from allauth.account.signals import user_signed_up
from django.db import transaction
from django.dispatch import receiver

from . import welcome


@receiver(user_signed_up)
def send_welcome_on_signup(request, user, **kwargs) -> None:
    # Claimed in the sign-up transaction; enqueued after it commits, so the worker sees the
    # user. A broker that is down leaves the claim for the reminder sweep.
    token = welcome.claim_at_signup(user)
    transaction.on_commit(lambda: welcome.enqueue(user.pk, token))
