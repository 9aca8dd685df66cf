from django import template

from ..models import CredentialDocument

register = template.Library()


@register.filter
def document_state(value: str) -> str:
    """The label of a document state code, e.g. "sent" -> "Sent for verification"."""
    labels = dict(CredentialDocument.State.choices)
    return labels.get(value, value)
