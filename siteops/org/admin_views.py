"""Work screens of the organisation: the org chart and a position's page (duties, staffing)."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import services
from .choices import AssignmentKind
from .forms import AppointForm, CustomerResetForm, EndAssignmentForm
from .models import Position, PositionAssignment, User, local_day
from .selectors import Staffing, duty_map, org_chart, org_version


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _may_staff(user, position) -> bool:
    return services.may_staff(user, position)


def urlpatterns(site):
    def chart(request):
        """The chart is the same for every reader: its body is rendered once per organisation
        version (raised by the database on any change it shows), day and language."""
        _require(request, "org.view_position")
        version = org_version()
        key = f"org:chart:{version}:{local_day().isoformat()}:{get_language()}"
        body = cache.get(key) if version is not None else None
        if body is None:
            body = render_to_string("org/_chart_body.html", {"departments": org_chart()})
            if version is not None:
                cache.set(key, body, 36 * 3600)
        return site.render(
            request, "org/chart.html", {"chart_body": mark_safe(body)}, title=_("Org chart")
        )

    def position_detail(request, code):
        """One position: who does its work, its duties, appointments and their history.

        The position, its manager, fallbacks and team come from today's shared staffing snapshot
        (kept per organisation version: no query); the appointment rows — one per person
        appointed, ~90 a position at 2,000 staff — are rendered in Python (issue #20)."""
        _require(request, "org.view_position")
        staffing = Staffing.current()
        position = staffing.by_code().get(code)
        if position is None:
            raise Http404
        positions = staffing.positions
        assignments = (
            PositionAssignment.objects.filter(position=position)
            .order_by("-start", "-pk")
            .values_list(*_ROW_COLUMNS)
        )
        history = (
            PositionAssignment.history.filter(position_id=position.pk)
            .select_related("history_user", "user")
            .order_by("-history_date")[:50]
        )
        can_staff = _may_staff(request.user, position)
        resolution = staffing.resolve(position)
        return site.render(
            request,
            "org/position_detail.html",
            {
                "position": position,
                "reports_to": positions.get(position.reports_to_id),
                "fallbacks": [
                    (positions[fb.fallback_id], fb.duty_code)
                    for fb in staffing.fallbacks.get(position.pk, [])
                ],
                "resolution": resolution,
                "resolution_users": _names(resolution.users, "so-badge so-success"),
                "vacancies": staffing.vacancies(position.pk),
                "assignment_rows": _assignment_rows(request, position, assignments, can_staff),
                "history": history,
                "can_staff": can_staff,
                "appoint_form": kwargs_form(request, AppointForm),
                "end_form": EndAssignmentForm(),
                "subordinates": sorted(
                    (p for p in positions.values() if p.reports_to_id == position.pk),
                    key=lambda p: (p.department.order, p.order, p.code),
                ),  # Position's own ordering
                "duty_rows": duty_map(request.user, position=position),
            },
            title=str(position),
        )

    @require_POST
    def appoint(request, code):
        _require(request, "org.add_positionassignment")
        position = get_object_or_404(Position, code=code)
        form = AppointForm(request.POST)
        if form.is_valid():
            try:
                services.assignment_create(
                    actor=request.user, position=position, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Appointment saved."))
                return redirect("admin:org_position", code=code)
        else:
            request.session["appoint_form"] = request.POST.dict()
            for field, errors in form.errors.items():
                for e in errors:
                    messages.error(
                        request, f"{form.fields[field].label if field in form.fields else ''} {e}"
                    )
        return redirect("admin:org_position", code=code)

    @require_POST
    def end(request, code, pk):
        _require(request, "org.change_positionassignment")
        assignment = get_object_or_404(PositionAssignment, pk=pk, position__code=code)
        form = EndAssignmentForm(request.POST)
        if form.is_valid():
            try:
                services.assignment_end(
                    actor=request.user, assignment=assignment, end=form.cleaned_data["end"]
                )
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Appointment ended."))
        else:
            messages.error(request, _("Enter a valid date."))
        return redirect("admin:org_position", code=code)

    def customer_reset(request):
        """Customer Service resets a customer's password: a temporary password shown once."""
        _require(request, services.PERM_CUSTOMER_RESET)
        form = CustomerResetForm(request.POST or None)
        temporary, customer = None, None
        if request.method == "POST" and form.is_valid():
            key = form.cleaned_data["customer"].strip()
            customer = (
                User.objects.filter(is_staff=False, is_superuser=False).filter(username=key).first()
                or User.objects.filter(is_staff=False, is_superuser=False, email__iexact=key)
                .order_by("pk")
                .first()
            )
            if customer is None:
                form.add_error("customer", _("No shop customer has this user name or email."))
            else:
                try:
                    temporary = services.customer_password_reset(
                        actor=request.user, customer=customer, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as exc:
                    for m in exc.messages:
                        form.add_error(None, m)
                except DomainError as exc:
                    form.add_error(None, str(exc))
        return site.render(
            request,
            "org/customer_reset.html",
            {"form": form, "temporary": temporary, "customer": customer},
            title=_("Reset a customer's password"),
        )

    return [
        site.view("org/customer-reset/", customer_reset, "org_customer_reset"),
        site.view("org/chart/", chart, "org_chart"),
        site.view("org/positions/<str:code>/", position_detail, "org_position"),
        site.view("org/positions/<str:code>/appoint/", appoint, "org_position_appoint"),
        site.view("org/positions/<str:code>/end/<int:pk>/", end, "org_position_end"),
    ]


_SLOT = 918273645  # a number no URL of ours contains otherwise


def _names(users, css: str) -> SafeString:
    """``<span class="{css}">person</span> `` for each person (the resolution's badges)."""
    return SafeString("".join(f'<span class="{css}">{escape(str(u))}</span> ' for u in users))


_NAME = ("display_name", "first_name", "last_name", "username")  # what User.__str__ reads
_ROW_COLUMNS = ("pk", "kind", "start", "end", "reason", "created_position_code", "created_acting",
                *[f"user__{f}" for f in _NAME], *[f"created_by__{f}" for f in _NAME])  # fmt: skip


def _person(display_name, first_name, last_name, username) -> str:
    """``str(user)`` from the row's columns: display name, else full name, else user name."""
    return display_name or f"{first_name} {last_name}".strip() or username


def _assignment_rows(request, position, assignments, can_staff: bool) -> SafeString:
    """The appointments table's rows (one per appointment, ~90 a position at 2,000 staff): what
    the template rendered per row, from plain rows, with the translations, the end form's URL and
    its CSRF field worked out once per page."""
    today = local_day()
    kinds = {value: escape(str(label)) for value, label in AssignmentKind.choices}
    in_force = f' <span class="so-badge so-info">{escape(_("in force"))}</span>'
    acting = escape(_("acting"))
    end_form = ""
    if can_staff:
        action = escape(reverse("admin:org_position_end", args=[position.code, _SLOT]))
        end_form = (
            f'<form method="post" action="{action}" class="so-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
            f'<label>{escape(_("Last day"))}<input type="date" name="end"></label>'
            f'<button class="so-btn so-btn-secondary" type="submit">'
            f"{escape(_('End appointment'))}</button></form>"
        )
    rows = []
    for pk, kind, start, end, reason, made_code, made_acting, *names in assignments:
        active = start <= today and (end is None or end >= today)  # is_active() today
        made_by = escape(_person(*names[4:])) if names[7] is not None else ""
        if made_code:
            made_by += (
                f' <span class="so-muted">({escape(made_code)}'
                f"{f', {acting}' if made_acting else ''})</span>"
            )
        badge = "so-success" if kind == AssignmentKind.HOLDER else "so-warning"
        rows.append(
            f"<tr><td>{escape(_person(*names[:4]))}</td>"
            f'<td><span class="so-badge {badge}">{kinds.get(kind, escape(kind))}</span>'
            f"{in_force if active else ''}</td>"
            f"<td>{start.isoformat()}</td><td>{end.isoformat() if end else '—'}</td>"
            f"<td>{escape(reason)}</td><td>{made_by}</td>"
            f"<td>{end_form.replace(str(_SLOT), str(pk)) if active else ''}</td></tr>"
        )
    return SafeString("".join(rows))


def kwargs_form(request, form_class):
    data = request.session.pop("appoint_form", None)
    return form_class(data) if data else form_class()


def _error(request, exc):
    if isinstance(exc, PermissionDenied):
        raise exc
    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for m in msgs:
        messages.error(request, m)
