"""One email = one function + subject/text/html templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(template: str, to: str, context: dict) -> None:
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def welcome(user) -> None:
    send("welcome", user.email, {"user": user, "site_url": settings.SITE_URL})


def new_device(user, request) -> None:
    agent = (request.headers.get("User-Agent") or "an unknown browser")[:200]
    send("new_device", user.email, {"user": user, "agent": agent, "site_url": settings.SITE_URL})
