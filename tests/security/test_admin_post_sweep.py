"""Every back-office URL that accepts a POST × anonymous and every position: a POST changes
nothing unless that position may do it, and nothing answers with a server error.

For each registered model admin, with sample rows (the org chart, every named person's account
and appointment, a customer, an administrator), the sweep submits what a browser would — the
superuser's own form for the page, with plausible edits (a text field changed, every choice
switched to another option: another department, reporting line, person or position) — to

- the add page, the change page, the history "revert" page of the newest revision,
- the delete page, every changelist action (delete_selected included) and,
- for accounts, the password change page,

then reads the database. Whether the position may do it is the admin's own answer
(``has_add_permission`` / ``has_change_permission`` / ``has_delete_permission``, the history
guard's ``_history_may_revert``, the actions ``get_actions`` offers it), so a page that does more
than its admin allows is caught; the admin's answers themselves are checked against the
organisation's rules below (accounts, positions, one's own appointment).

URLs come from the admin registry, so a new app's admins are swept as they land.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from conftest import STAFF, make_staff
from siteops.org.data.org import POSITIONS

from .sweep import form_data

POSITION_CODES = [p[0] for p in POSITIONS]
USER_OF = {code: username for username, code in STAFF.items()}
BACKEND = "siteops.org.backends.PositionBackend"


class Problems(list):
    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)


def _row(model, pk):
    return model._base_manager.filter(pk=pk).values().first()


def _request(user, path="/backoffice/"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def people(db, staff, customer, superuser):
    """Every named person with their position, a customer and an administrator."""
    return {**staff, "customer": customer, "root": superuser}


def _samples(model, people):
    """Rows each admin is swept with: up to three of its own, and for the organisation the ones
    whose remit matters (accounts of every rank, positions, appointments)."""
    from siteops.org.models import Position, PositionAssignment, User

    if model is User:
        return [people[n] for n in ["root", "customer", "leader", "manager", "hr", "copy_editor"]]
    if model is Position:
        return list(Position.objects.filter(code__in=["LEAD", "MGR", "CPY"]))
    if model is PositionAssignment:
        return list(
            PositionAssignment.objects.filter(user__username__in=["leader", "manager", "service"])
        )
    return list(model._base_manager.order_by("pk")[:1])


class Sweeper:
    """Runs every POST of every admin as one user, against the superuser's forms."""

    def __init__(self, root_client, client, user, people, problems: Problems, forms: dict):
        self.root, self.client, self.user, self.people = root_client, client, user, people
        self.forms = forms
        self.problems = problems
        self.anonymous = user is None

    def _post(self, url, data, label):
        try:
            response = self.client.post(url, data)
        except Exception as exc:  # the test client re-raises: a 500 in production
            self.problems.append(f"{label}: POST {url} raised {type(exc).__name__}: {exc}")
            return None
        self.problems.check(response.status_code < 500, f"{label}: POST {url} → 5xx")
        if self.anonymous:
            self.problems.check(
                response.status_code == 302 and "/login/" in response.get("Location", ""),
                f"{label}: anonymous POST {url} → {response.status_code}",
            )
        return response

    def _form(self, url):
        # The superuser's form for a page, fetched once per test (the rows do not move).
        if url not in self.forms:
            response = self.root.get(url)
            self.forms[url] = (
                form_data(response.content.decode()) if response.status_code == 200 else None
            )
        return self.forms[url]

    def _may(self, check) -> bool:
        return False if self.anonymous else bool(check(_request(self.user)))

    def sweep(self, model, model_admin):
        opts = model._meta
        info = f"admin:{opts.app_label}_{opts.model_name}"
        who = "anonymous" if self.anonymous else self.user.username
        samples = _samples(model, self.people)

        # add
        url = _url(f"{info}_add")
        form = self._form(url) if url else None
        if form is not None:
            before = model._base_manager.count()
            for data in form.tweaked():
                self._post(url, data, f"{who} add {opts.label}")
            if not self._may(model_admin.has_add_permission):
                self.problems.check(
                    model._base_manager.count() == before, f"{who} added a {opts.label}"
                )

        for obj in samples:
            label = f"{who} → {opts.label} {obj.pk} ({obj})"
            may_change = self._may(lambda r, o=obj: model_admin.has_change_permission(r, o))

            # change
            url = _url(f"{info}_change", obj.pk)
            form = self._form(url) if url else None
            if form is not None:
                before = _row(model, obj.pk)
                for data in form.tweaked():
                    self._post(url, data, f"{label} change")
                if not may_change:
                    self.problems.check(_row(model, obj.pk) == before, f"{label}: changed it")

            # history revert (the newest revision, re-submitted with edits)
            history = getattr(model, "history", None)
            url = None
            if history is not None and hasattr(model_admin, "history_form_view"):
                record = history.filter(**{opts.pk.attname: obj.pk}).order_by("-history_id").first()
                if record is not None:
                    url = _url(f"{info}_simple_history", obj.pk, record.history_id)
            form = self._form(url) if url else None
            if form is not None:
                may_revert = self._may(
                    lambda r, o=obj: getattr(model_admin, "_history_may_revert", lambda *a: False)(
                        r, o
                    )
                )
                before = _row(model, obj.pk)
                for data in form.tweaked():
                    self._post(url, data, f"{label} revert")
                if not may_revert:
                    self.problems.check(
                        _row(model, obj.pk) == before, f"{label}: changed it through its history"
                    )

            # password (accounts)
            url = None
            if hasattr(model_admin, "user_change_password"):  # Django names it auth_user_…
                url = _url(f"{info}_password_change", obj.pk) or _url(
                    "admin:auth_user_password_change", obj.pk
                )
            if url:
                before = _row(model, obj.pk)
                pw = "Swept-password-2026!"
                self._post(url, {"password1": pw, "password2": pw, "usable_password": "true"},
                           f"{label} password")  # fmt: skip
                if not may_change:
                    self.problems.check(_row(model, obj.pk) == before, f"{label}: set the password")

        # changelist actions (and delete_selected with its confirmation)
        url = _url(f"{info}_changelist")
        if url and samples:
            root_request = _request(self.people["root"])
            allowed = set() if self.anonymous else set(model_admin.get_actions(_request(self.user)))
            for action in model_admin.get_actions(root_request):
                before = {o.pk: _row(model, o.pk) for o in samples}
                data = {
                    "action": action,
                    "_selected_action": [str(o.pk) for o in samples],
                    "index": "0",
                    "post": "yes",
                }
                self._post(url, data, f"{who} action {action} on {opts.label}")
                if action not in allowed:
                    after = {o.pk: _row(model, o.pk) for o in samples}
                    self.problems.check(
                        after == before, f"{who} ran {action} on {opts.label} without it"
                    )

        # delete (last: an allowed delete removes the sample)
        for obj in samples:
            url = _url(f"{info}_delete", obj.pk)
            if not url:
                continue
            self._post(url, {"post": "yes"}, f"{who} delete {opts.label} {obj.pk}")
            if not self._may(lambda r, o=obj: model_admin.has_delete_permission(r, o)):
                self.problems.check(
                    _row(model, obj.pk) is not None, f"{who} deleted {opts.label} {obj.pk} ({obj})"
                )


def _principals(people):
    """(label, user) for anonymous, every position's named person, and an acting holder."""
    yield "anonymous", None
    for code in POSITION_CODES:
        user = people.get(USER_OF.get(code, "")) or make_staff(f"sweep-{code.lower()}", code)
        yield code, user
    yield "acting HR-ADM", make_staff("sweep-acting-hr", "HR-ADM", kind="acting", reason="cover")


def _registry():
    return sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("label", [m._meta.label for m, _a in _registry()])
def test_every_admin_post_is_refused_unless_the_position_may(people, label):
    """One model admin × anonymous, each position and an acting holder."""
    from django.test import Client

    model, model_admin = next((m, a) for m, a in _registry() if m._meta.label == label)
    root = Client()
    root.force_login(people["root"], backend=BACKEND)
    problems, forms = Problems(), {}
    for _name, user in _principals(people):
        client = Client()
        if user is not None:
            client.force_login(user, backend=BACKEND)
        Sweeper(root, client, user, people, problems, forms).sweep(model, model_admin)
    assert problems == []


# --- the admin's answers against the organisation's rules -----------------------------------------

# (actor, account) pairs that must be refused: higher or equal rank, administrators, customers.
REFUSED_ACCOUNTS = [
    ("manager", "root"), ("manager", "leader"), ("manager", "customer"), ("manager", "hr"),
    ("manager", "warehouse"), ("hr", "root"), ("hr", "leader"), ("hr", "customer"),
    ("leader", "root"), ("leader", "customer"), ("chief_editor", "copy_editor"),
    ("service", "customer"), ("copy_editor", "manager"),
]  # fmt: skip
ALLOWED_ACCOUNTS = [
    ("manager", "chief_editor"), ("manager", "copy_editor"), ("hr", "manager"),
    ("hr", "warehouse"), ("leader", "manager"), ("leader", "hr"), ("manager", "manager"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("actor,target", REFUSED_ACCOUNTS + ALLOWED_ACCOUNTS)
def test_account_pages_follow_the_remit(client, people, actor, target):
    """The change form and the password page of an account, POSTed for real."""
    allowed = (actor, target) in ALLOWED_ACCOUNTS
    user, account = people[actor], people[target]
    client.force_login(user, backend=BACKEND)
    before = _row(type(account), account.pk)
    pw = "Swept-password-2026!"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {"password1": pw, "password2": pw, "usable_password": "true"},
    )
    account.refresh_from_db()
    assert account.check_password(pw) is allowed, response.status_code
    if not allowed:
        assert response.status_code in {403, 404}
        assert _row(type(account), account.pk) == before


@pytest.mark.django_db
def test_the_manager_cannot_move_leadership_into_the_department_nor_appoint_themselves(
    client, people
):
    from siteops.org.models import Department, Position, PositionAssignment

    manager = people["manager"]
    client.force_login(manager, backend=BACKEND)
    lead = Position.objects.get(code="LEAD")
    web = Department.objects.get(code="WEB")
    form = form_data(
        client.get(reverse("admin:org_position_change", args=[lead.pk])).content.decode()
    )
    if form is not None:  # read-only for the manager: no form at all is fine
        data = form.tweaked()[0]
        data.update(
            {"department": [str(web.pk)], "reports_to": [str(Position.objects.get(code="MGR").pk)]}
        )
        client.post(reverse("admin:org_position_change", args=[lead.pk]), data)
    lead.refresh_from_db()
    assert lead.department.code == "LEAD" and lead.reports_to is None
    # … nor appoint themselves to anything (chief editor, here), through the position page
    client.post(
        reverse("admin:org_position_appoint", args=["CE"]),
        {"kind": "acting", "user": manager.pk, "start": "2026-01-01", "end": "2026-12-31",
         "reason": "cover"},
    )  # fmt: skip
    assert not PositionAssignment.objects.filter(user=manager, position__code="CE").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["manager", "hr", "leader"])
def test_nobody_edits_their_own_appointment_through_the_admin(client, people, actor):
    from siteops.org.models import Position, PositionAssignment

    user = people[actor]
    client.force_login(user, backend=BACKEND)
    mine = PositionAssignment.objects.filter(user=user).first()
    before = _row(PositionAssignment, mine.pk)
    other = Position.objects.get(code="PRC")
    data = {"user": user.pk, "position": other.pk, "kind": "holder", "start": "2020-01-01",
            "created_by": user.pk, "reason": "forged"}  # fmt: skip
    record = PositionAssignment.history.filter(id=mine.pk).order_by("-history_id").first()
    for url in [
        reverse("admin:org_positionassignment_change", args=[mine.pk]),
        reverse("admin:org_positionassignment_simple_history", args=[mine.pk, record.history_id]),
        reverse("admin:org_positionassignment_delete", args=[mine.pk]),
    ]:
        response = client.post(url, data)
        assert response.status_code in {302, 403, 404}, url
    assert _row(PositionAssignment, mine.pk) == before
