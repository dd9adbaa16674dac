"""What every fuzzed request must show: no server error, nothing stored half-way, a message, escaped output."""

from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.utils import translation
from django.utils.html import escape

from .strategies import LEAK_PROBES, MISSING, Pk

# The apps holding the clinic's data; the audit log (which records reads too) is left out on purpose.
DOMAIN_APPS = ("accounts", "patients", "therapy_sessions", "measures", "review")


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every domain model, by model label: compared before and after a refused request."""
    rows = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return rows


def changed_models(before: dict, after: dict) -> set[str]:
    return {label for label in before if before[label] != after[label]}


def assert_nothing_stored(before: dict) -> None:
    changed = changed_models(before, stored_rows())
    assert not changed, f"a refused request changed {sorted(changed)}"


def row_count(before: dict, after: dict, label: str) -> int:
    """How many rows of `label` the request added (negative: removed)."""
    return len(after[label]) - len(before[label])


def html(response) -> str | None:
    if "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode("utf-8", "replace")


def assert_escaped(response) -> None:
    """No hostile payload comes back as markup."""
    body = html(response)
    if body is None:
        return
    leaked = [probe for probe in LEAK_PROBES if probe in body]
    assert not leaked, f"unescaped in the page: {leaked}"


def error_messages(form) -> list[str]:
    return [str(message) for messages in form.errors.values() for message in messages]


def assert_says_what_is_wrong(response, form=None) -> None:
    """The page shows the form again with at least one error, and shows every error it has."""
    form = form if form is not None else response.context["form"]
    # The patient's form is in the patient's language, whatever the test's.
    with translation.override(response.get("Content-Language") or translation.get_language()):
        messages = error_messages(form)
    assert messages, "the form was refused without saying why"
    body = html(response)
    hidden = [message for message in messages if escape(message) not in body]
    assert not hidden, f"errors not shown on the page: {hidden}"


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


def assert_stays_on_site(response) -> None:
    """A redirect leads to a page of this site, never to another host or scheme."""
    location = response["Location"]
    target = urlsplit(location.replace("\\", "/"))
    assert not target.scheme and not target.netloc, f"a redirect leaves the site: {location!r}"


def resolved(data: dict, world) -> dict:
    """The submission as a browser would send it: world users as their primary keys, left-out fields dropped."""

    def value(item):
        if isinstance(item, Pk):
            return str(getattr(world, item.name).pk)
        if isinstance(item, list | tuple):
            return [value(part) for part in item]
        return item

    return {name: value(item) for name, item in data.items() if item is not MISSING}


def post(client, url: str, data: dict, *, encoding: str, **headers):
    """POST `data` as a browser would, multipart or url-encoded, with a CSRF token (that the test client ignores)."""
    data = {"csrfmiddlewaretoken": "fuzz", **data}
    if encoding == "urlencoded":
        body = urlencode(data, doseq=True)
        return client.post(url, body, content_type="application/x-www-form-urlencoded", **headers)
    return client.post(url, data, **headers)
