from allauth.account.signals import user_signed_up
from django.dispatch import Signal, receiver

from . import tasks

# Sent inside the transaction that saved an applicant's profile; receivers may write.
profile_saved = Signal()
# Sent by certification.progress.refresh_progress inside the writing transaction, with the
# applicant as it loaded their records (applicant=), its `evaluation` and `today` (or None);
# apps that summarise more of the road (residency: the Match) refresh theirs from it.
progress_refreshed = Signal()


@receiver(user_signed_up)
def send_welcome_on_signup(request, user, **kwargs) -> None:
    # Enqueued after the sign-up transaction commits, so the worker sees the user.
    tasks.send_welcome_email.delay_on_commit(user.pk)
