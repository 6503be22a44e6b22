"""Work screens: the workbench (back-office landing page), an item's page and its one-click
transitions, the manager's review queue, a lead's team board, other departments' requests and
the notifications list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core import workbench as sections
from siteops.core.errors import DomainError
from siteops.org.selectors import Staffing, duty_map

from . import forms, selectors, services
from .choices import WorkSource, WorkStatus
from .models import Notification, WorkAttachment, WorkItem
from .routing import covers_of


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _errors(request, exc):
    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for m in msgs:
        messages.error(request, m)


def _form_errors(request, form):
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label} {e}".strip())


def _back(request, default):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return redirect(nxt)
    return redirect(default)


def _visible_item(request, pk) -> WorkItem:
    qs = selectors.visible_items(request.user).select_related(
        "position", "position__department", "position__reports_to", "home_position",
        "waiting_on", "waiting_on__department", "requester", "requester_department",
        "created_by", "parent", "subject_type",
    )  # fmt: skip
    try:
        return qs.get(pk=pk)
    except WorkItem.DoesNotExist:
        raise Http404 from None


def _source_for(user) -> str:
    codes = set(_codes_of(user))
    if "LEAD" in codes:
        return WorkSource.LEADERSHIP
    if "MGR" in codes:
        return WorkSource.MANAGER
    if any(c in codes for c in ("CE", "PLN", "DEV")):
        return WorkSource.LEAD
    return WorkSource.SELF


def _codes_of(user):
    from siteops.org.selectors import positions_of

    return [a.position.code for a in positions_of(user)]


# One POST handler per action: (form class or None, service call)
def _do(action, request, item, data):
    u = request.user
    if action == "start_review":
        return services.item_start_review(actor=u, item=item)
    if action == "accept":
        return services.item_accept(
            actor=u, item=item, comment=data.get("comment", ""), assign_to=data.get("assign_to")
        )
    if action == "return":
        return services.item_return(actor=u, item=item, reason=data["reason"])
    if action == "resubmit":
        return services.item_resubmit(actor=u, item=item, comment=data.get("comment", ""))
    if action == "reopen":
        return services.item_reopen(actor=u, item=item, comment=data.get("comment", ""))
    if action == "start":
        return services.item_start(actor=u, item=item)
    if action == "complete":
        return services.item_complete(actor=u, item=item, comment=data.get("comment", ""))
    if action == "escalate":
        return services.item_escalate(actor=u, item=item, reason=data["reason"])
    if action == "resolve":
        return services.item_resolve(
            actor=u, item=item, comment=data["comment"], send_back=data["send_back"]
        )
    if action == "hand_off":
        return services.item_hand_off(
            actor=u, item=item, position=data["position"], message=data["message"]
        )
    if action == "hand_back":
        return services.item_hand_back(actor=u, item=item, message=data.get("message", ""))
    if action == "cancel":
        return services.item_cancel(actor=u, item=item, reason=data["reason"])
    if action == "assign":
        return services.item_assign(actor=u, item=item, position=data["position"])
    if action == "split":
        return services.item_split(
            actor=u, item=item, position=data["position"], title=data["title"],
            description=data.get("description", ""), due=data.get("due"),
            priority=data.get("priority"),
        )  # fmt: skip
    if action == "comment":
        return services.item_comment(actor=u, item=item, body=data["body"])
    if action == "attach":
        return services.item_attach(actor=u, item=item, upload=data["file"])
    if action in ("watch", "unwatch"):
        return services.item_watch(actor=u, item=item, watch=action == "watch")
    raise Http404


ACTION_FORMS = {
    "accept": forms.AcceptForm,
    "return": forms.ReasonForm,
    "resubmit": forms.OptionalCommentForm,
    "reopen": forms.OptionalCommentForm,
    "complete": forms.OptionalCommentForm,
    "escalate": forms.ReasonForm,
    "resolve": forms.ResolveForm,
    "hand_off": forms.HandOffForm,
    "hand_back": forms.HandBackForm,
    "cancel": forms.ReasonForm,
    "assign": forms.AssignForm,
    "split": forms.SplitForm,
    "comment": forms.CommentForm,
    "attach": forms.AttachForm,
}
ACTIONS = set(services.TRANSITIONS) | {"assign", "split", "comment", "attach", "watch", "unwatch"}


def urlpatterns(site):
    def workbench(request):
        data = selectors.workbench(request.user)
        review_sections = sections.sections_for(request, sections.REVIEW)
        unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
        return site.render(
            request,
            "work/workbench.html",
            {
                **data,
                "unread": unread,
                "can_create": request.user.has_perm("work.add_workitem"),
                "task_form": forms.offering(
                    forms.TaskForm(),
                    "position",
                    services.give_targets(request.user, data["staffing"]),
                    data["positions"],
                ),
                "cover_list": [(data["positions"][pid], c) for pid, c in data["covers"].items()],
                # The duties of every position this person covers but does not hold (acting, or
                # as fallback/superior of a vacant post), with the screens that do them.
                "cover_duties": [
                    (
                        data["positions"][pid],
                        duty_map(request.user, position=data["positions"][pid]),
                    )
                    for pid, c in data["covers"].items()
                    if c.acting
                ],
                # Other apps' sections (approvals …), registered in siteops.core.workbench.
                "review_sections": review_sections,
                "review_count": len(data["review"]) + sum(len(s["rows"]) for s in review_sections),
                "main_sections": sections.sections_for(request, sections.MAIN),
            },
            title=_("Workbench"),
        )

    @require_POST
    def item_new(request):
        _require(request, "work.add_workitem")
        form = forms.TaskForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("admin:work_workbench")
        d = form.cleaned_data
        staffing = Staffing.current()
        try:
            services.team_check(request.user, d["position"], staffing)
            item = services.item_create(
                actor=request.user, position=d["position"], title=d["title"],
                description=d["description"], priority=d["priority"], due=d["due"],
                source=_source_for(request.user),
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
            return redirect("admin:work_workbench")
        messages.success(request, _("Work item created."))
        return redirect("admin:work_item", pk=item.pk)

    def item_page(request, pk):
        item = _visible_item(request, pk)
        user = request.user
        staffing = Staffing.current()
        res = staffing.resolve(item.position)
        children = selectors.with_progress(selectors.top(item.children.all(), ("pk",), 200))
        progress = item.children.aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(status=WorkStatus.DONE))
        )
        mine = item.position_id in covers_of(user, staffing)
        give = services.give_targets(user, staffing)
        return site.render(
            request,
            "work/item.html",
            {
                "item": item,
                "resolution": res,
                "assignees": item.assignments.select_related("user", "covering_position"),
                "actions": services.allowed_actions(item),
                "labels": services.ACTION_LABELS,
                "children": children,
                "progress": progress,
                "chain": services.escalation_chain(item),
                "comments": item.comments.select_related("created_by"),
                "attachments": item.attachments.select_related("uploaded_by"),
                "watchers": list(item.watchers.all()),
                "watching": item.watchers.filter(pk=user.pk).exists(),
                "is_mine": mine,
                "own_staff": selectors.is_own_staff(user),
                "can_review": user.has_perm("work.review_external"),
                "can_split": user.has_perm("work.split_workitem"),
                "split_form": forms.offering(
                    forms.SplitForm(), "position", give, staffing.positions
                ),
                "assign_form": forms.offering(
                    forms.AssignForm(),
                    "position",
                    services.route_targets(user, staffing) - {item.position_id},
                    staffing.positions,
                ),
                "accept_form": forms.offering(
                    forms.AcceptForm(), "assign_to", give, staffing.positions
                ),
                "handoff_form": forms.HandOffForm(),
                "today": timezone.localdate(),
            },
            title=str(item),
        )

    @require_POST
    def item_action(request, pk, action):
        if action not in ACTIONS:
            raise Http404
        item = _visible_item(request, pk)
        form_class = ACTION_FORMS.get(action)
        data = {}
        if form_class is not None:
            form = form_class(request.POST, request.FILES)
            if not form.is_valid():
                _form_errors(request, form)
                return _back(request, reverse("admin:work_item", args=[pk]))
            data = form.cleaned_data
        try:
            _do(action, request, item, data)
        except PermissionDenied:
            raise
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": _label(action)})
            if not selectors.can_view(request.user, item):
                # E.g. another department answered a hand-off: the item is no longer theirs to
                # see, so land on their workbench rather than on a page that is now a 404.
                messages.info(request, _("The item is back with its owners."))
                return redirect("admin:work_workbench")
        return _back(request, reverse("admin:work_item", args=[pk]))

    def attachment(request, pk):
        att = get_object_or_404(WorkAttachment.objects.select_related("item"), pk=pk)
        _visible_item(request, att.item_id)
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)

    def review_queue(request):
        _require(request, "work.review_external")
        # 50 cards a page, oldest first (a bad ?page= shows the first or the last page).
        page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
        items = selectors.review_rows(page.object_list)  # the cards: work_tags.review_cards
        # The "assign to" choices are the same on every card: rendered once.
        options = format_html_join(
            "", '<option value="{}">{}（{}）</option>',
            ((p.pk, p.name, p.code) for p in forms.own_positions()),
        )  # fmt: skip
        return site.render(
            request,
            "work/review.html",
            {"items": items, "page": page, "position_options": options},
            title=_("Review queue"),
        )

    def team_board(request):
        _require(request, "work.view_team")
        staffing = Staffing.current()
        positions = selectors.team_positions(request.user, staffing)
        return site.render(
            request,
            "work/team.html",
            {
                "load": selectors.team_load(request.user, staffing=staffing, positions=positions),
                "columns": selectors.team_board(
                    request.user, staffing=staffing, positions=positions
                ),
                "statuses": [WorkStatus(s) for s in selectors.ACTIVE_STATUSES],
                "today": timezone.localdate(),
            },
            title=_("Team board"),
        )

    def request_list(request):
        _require(request, "work.add_request")
        form = forms.RequestForm()
        if request.method == "POST":
            form = forms.RequestForm(request.POST)
            depts = selectors.departments_of(request.user)
            if form.is_valid() and depts:
                d = form.cleaned_data
                try:
                    item = services.item_create(
                        actor=request.user, position="MGR", title=d["title"],
                        description=d["description"], priority=d["priority"], due=d["due"],
                        source=WorkSource.OTHER_DEPARTMENT, requester=request.user,
                        requester_department=depts[0],
                        confidential=d["confidential"] or None,
                    )  # fmt: skip
                except (DomainError, ValidationError) as exc:
                    _errors(request, exc)
                else:
                    messages.success(
                        request,
                        _("Request #%(n)s sent; the department manager reviews it.")
                        % {"n": item.pk},
                    )
                    return redirect("admin:work_request_list")
            elif not depts:
                messages.error(request, _("You hold no position in a department."))
            else:
                _form_errors(request, form)
        items = selectors.with_progress(
            selectors.top(
                selectors.requests_of_department(request.user), ("-created_at", "-pk"), 200
            )
        )
        return site.render(
            request,
            "work/requests.html",
            {
                "items": items,
                "form": form,
                "waiting": selectors.waiting_on_me(request.user)[:100],
                "departments": selectors.departments_of(request.user),
            },
            title=_("Requests to the department"),
        )

    def notifications(request):
        qs = Notification.objects.filter(user=request.user).select_related("item")
        if request.method == "POST":
            qs.filter(read_at__isnull=True).update(read_at=timezone.now())
            messages.success(request, _("All notifications marked as read."))
            return redirect("admin:work_notifications")
        return site.render(
            request,
            "work/notifications.html",
            {"notices": qs[:200]},
            title=_("Notifications"),
        )

    return [
        site.view("work/", workbench, "work_workbench"),
        site.view("work/items/new/", item_new, "work_item_new"),
        site.view("work/items/<int:pk>/", item_page, "work_item"),
        site.view("work/items/<int:pk>/<str:action>/", item_action, "work_item_action"),
        site.view("work/attachments/<int:pk>/", attachment, "work_attachment"),
        site.view("work/review/", review_queue, "work_review_queue"),
        site.view("work/team/", team_board, "work_team_board"),
        site.view("work/requests/", request_list, "work_request_list"),
        site.view("work/notifications/", notifications, "work_notifications"),
    ]


def _label(action):
    if action in services.ACTION_LABELS:
        return services.ACTION_LABELS[action]
    return {
        "assign": _("Assign"),
        "split": _("Split"),
        "comment": _("Comment"),
        "attach": _("Attach"),
        "watch": _("Watch"),
        "unwatch": _("Stop watching"),
    }[action]
