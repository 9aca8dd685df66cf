from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from . import tasks


@receiver(user_signed_up)
def send_welcome_on_signup(request, user, **kwargs) -> None:
    # Enqueued after the sign-up transaction commits, so the worker sees the user.
    tasks.send_welcome_email.delay_on_commit(user.pk)
