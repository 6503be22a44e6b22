"""Work screens of the organisation: the org chart and a position's page (duties, staffing)."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import services
from .forms import AppointForm, CustomerResetForm, EndAssignmentForm
from .models import ActingFallback, Position, PositionAssignment, User, local_day
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
        _require(request, "org.view_position")
        position = get_object_or_404(
            Position.objects.select_related("department", "reports_to").prefetch_related(
                "duties",
                Prefetch(
                    "fallbacks",
                    queryset=ActingFallback.objects.select_related("fallback").order_by("order"),
                ),
            ),
            code=code,
        )  # fmt: skip
        staffing = Staffing.current()
        assignments = (
            PositionAssignment.objects.filter(position=position)
            .select_related("user", "created_by")
            .order_by("-start", "-pk")
        )
        history = (
            PositionAssignment.history.filter(position_id=position.pk)
            .select_related("history_user", "user")
            .order_by("-history_date")[:50]
        )
        can_staff = _may_staff(request.user, position)
        return site.render(
            request,
            "org/position_detail.html",
            {
                "position": position,
                "resolution": staffing.resolve(position),
                "vacancies": staffing.vacancies(position.pk),
                "assignments": assignments,
                "active_ids": {a.pk for a in assignments if a.is_active()},
                "history": history,
                "can_staff": can_staff,
                "appoint_form": kwargs_form(request, AppointForm),
                "end_form": EndAssignmentForm(),
                "subordinates": position.subordinates.all(),
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


def kwargs_form(request, form_class):
    data = request.session.pop("appoint_form", None)
    return form_class(data) if data else form_class()


def _error(request, exc):
    if isinstance(exc, PermissionDenied):
        raise exc
    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for m in msgs:
        messages.error(request, m)
