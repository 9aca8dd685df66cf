"""Reading what a user sees on a form page: the messages shown at each field."""

import html
import re


def error_at(response, field: str) -> str:
    """Every error message rendered inside `field`'s own wrapper, joined by spaces."""
    page = response.content.decode()
    found = re.findall(rf'id="id_{field}_error_\d+" role="alert">(.*?)</p>', page, re.S)
    return " ".join(html.unescape(m) for m in found)


def errors_shown(response) -> dict[str, str]:
    """field -> its messages, for every field that shows one."""
    page = response.content.decode()
    fields = set(re.findall(r'id="id_(\w+?)_error_\d+"', page))
    return {f: error_at(response, f) for f in fields}


def messages_shown(response) -> str:
    return html.unescape(" ".join(re.findall(r'class="msg[^"]*">(.*?)</li>',
                                             response.content.decode(), re.S)))
