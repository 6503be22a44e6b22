"""The one back-office menu, grouped by the department's work.

Each entry names a URL and the permission that shows it. Entries whose URL does not exist (yet)
or that the user's positions do not allow are left out, and so are empty groups — so a product
editor sees Catalogue and Shelves & ads, while Warehouse's clerk sees only what they may send.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import hooks


@dataclass
class Item:
    title: str
    url: str
    perm: str | None = None  # None: anyone who may enter the back office
    icon: str = "chevron_right"
    # Or, instead of a permission, the name of a hook (siteops.core.hooks.DECLARED) that the
    # owning app provides, deciding for a user (e.g. who covers a vacant position's work without
    # an acting appointment, which grants no permissions). Core never imports the app.
    check: str | None = None


@dataclass
class Group:
    title: str
    items: list[Item] = field(default_factory=list)


MENU: list[Group] = [
    Group(_("My work"), [
        Item(_("Workbench"), "admin:work_workbench", None, "dashboard"),
        Item(_("Review queue"), "admin:work_review_queue", "work.review_external", "fact_check"),
        Item(_("Team board"), "admin:work_team_board", "work.view_team", "view_kanban"),
        Item(_("Work items"), "admin:work_workitem_changelist", "work.view_workitem", "task"),
        Item(_("Requests to the department"), "admin:work_request_list", "work.add_request", "outbox"),
        Item(_("Recurring duty schedules"), "admin:work_dutyschedule_changelist", "work.view_dutyschedule", "event_repeat"),
        Item(_("Escalation rules"), "admin:work_escalationrule_changelist", "work.view_escalationrule", "trending_up"),
        Item(_("Notifications"), "admin:work_notifications", None, "notifications"),
        Item(_("Approvals"), "admin:approvals_approval_list", None, "approval"),
        Item(_("Approval rules"), "admin:approvals_approvalrule_changelist", "approvals.view_approvalrule", "rule"),
        Item(_("My due dates"), "admin:deadlines_mine", None, "event_upcoming"),
        Item(_("Recurring obligations"), "admin:deadlines_obligation_changelist", "deadlines.view_obligation", "event_repeat"),
        Item(_("Deadline kinds"), "admin:deadlines_deadlinekind_changelist", "deadlines.view_deadlinekind", "timer"),
    ]),
    Group(_("Organisation"), [
        Item(_("Org chart"), "admin:org_chart", "org.view_position", "account_tree"),
        Item(_("Positions and duties"), "admin:org_position_changelist", "org.view_position", "badge"),
        Item(_("Duties"), "admin:org_duty_changelist", "org.view_duty", "checklist"),
        Item(_("Appointments"), "admin:org_positionassignment_changelist", "org.view_positionassignment", "how_to_reg"),
        Item(_("People"), "admin:org_user_changelist", "org.view_user", "group"),
        Item(_("Departments"), "admin:org_department_changelist", "org.view_department", "apartment"),
        Item(_("API clients"), "admin:org_apiclient_changelist", "org.view_apiclient", "key"),
    ]),
    Group(_("Catalogue"), [
        Item(_("Products"), "admin:catalog_product_changelist", "catalog.view_product", "inventory_2"),
        Item(_("Categories"), "admin:catalog_category_changelist", "catalog.view_category", "category"),
        Item(_("Brands"), "admin:catalog_brand_changelist", "catalog.view_brand", "sell"),
        Item(_("Submissions from Purchasing"), "admin:catalog_submission_changelist", "catalog.view_submission", "move_to_inbox"),
        Item(_("Sync batches"), "admin:catalog_syncbatch_changelist", "catalog.view_syncbatch", "sync"),
        Item(_("Submit a product"), "admin:catalog_submission_new", None, "add_box",
             check="menu.may_submit_product"),
        Item(_("Send a sync file"), "admin:catalog_sync_upload", "catalog.add_syncbatch", "upload_file"),
    ]),
    Group(_("Shelves & ads"), [
        Item(_("Shelves"), "admin:merch_shelf_changelist", "merch.view_shelf", "shelves"),
        Item(_("Ads"), "admin:merch_ad_changelist", "merch.view_ad", "ad"),
        Item(_("Shelf-display plans"), "admin:merch_shelfplan_changelist", "merch.view_shelfplan", "calendar_month"),
        Item(_("Shelf slots"), "admin:merch_shelfslot_changelist", "merch.view_shelfslot", "view_list"),
        Item(_("Ad positions"), "admin:merch_adposition_changelist", "merch.view_adposition", "view_quilt"),
        Item(_("Ad images to make"), "admin:merch_art_queue", "merch.upload_ad_image", "palette"),
    ]),
    Group(_("Orders"), [
        Item(_("Orders"), "admin:orders_order_changelist", "orders.view_order", "receipt_long"),
        Item(_("Order pool"), "admin:fulfilment_pool", "fulfilment.create_batch", "pending_actions"),
        Item(_("Delivery batches"), "admin:fulfilment_deliverybatch_changelist", "fulfilment.view_deliverybatch", "local_shipping"),
        Item(_("Status files"), "admin:fulfilment_sync_list", "fulfilment.add_shipmentevent", "upload_file"),
        Item(_("Update from Customer Service"), "admin:fulfilment_service_update", "fulfilment.add_serviceupdate", "support_agent"),
        Item(_("Shipment events"), "admin:fulfilment_shipmentevent_changelist", "fulfilment.view_shipmentevent", "conveyor_belt"),
        Item(_("Customer Service updates"), "admin:fulfilment_serviceupdate_changelist", "fulfilment.view_serviceupdate", "contact_support"),
    ]),
    Group(_("Points"), []),
    Group(_("Content"), []),
    Group(_("Campaigns"), []),
    Group(_("Reports"), [
        Item(_("Manager dashboard"), "admin:reports_dashboard", "reports.view_dashboard", "monitoring"),
        Item(_("Order statistics"), "admin:reports_order_stats", "reports.view_reportrun", "bar_chart"),
        Item(_("All reports"), "admin:reports_datasets", None, "query_stats", check="menu.sees_a_report"),
        Item(_("Report archive"), "admin:reports_reportrun_changelist", "reports.view_reportrun", "archive"),
        Item(_("Report definitions"), "admin:reports_reportdefinition_changelist", "reports.view_reportdefinition", "description"),
    ]),
    Group(_("People"), []),
    Group(_("Vendors & testing"), []),
    Group(_("IT & hosting"), [
        Item(_("IT dashboard"), "admin:infra_dashboard", "infra.view_asset", "dns"),
        Item(_("Procurement plans"), "admin:infra_procurementplan_changelist", "infra.view_procurementplan", "shopping_cart"),
        Item(_("Assets"), "admin:infra_asset_changelist", "infra.view_asset", "devices"),
        Item(_("Maintenance records"), "admin:infra_maintenance_changelist", "infra.view_maintenance", "build"),
        Item(_("Office systems"), "admin:infra_officesystem_changelist", "infra.view_officesystem", "apps"),
        Item(_("Providers"), "admin:infra_provider_changelist", "infra.view_provider", "cloud"),
        Item(_("Contracts"), "admin:infra_contract_changelist", "infra.view_contract", "contract"),
        Item(_("Domains"), "admin:infra_domain_changelist", "infra.view_domain", "language"),
        Item(_("Certificates"), "admin:infra_certificate_changelist", "infra.view_certificate", "lock"),
        Item(_("Monitors"), "admin:infra_monitor_changelist", "infra.view_monitor", "monitor_heart"),
        Item(_("Incidents"), "admin:infra_incident_changelist", "infra.view_incident", "crisis_alert"),
        Item(_("Maintenance windows"), "admin:infra_maintenancewindow_changelist", "infra.view_maintenancewindow", "schedule"),
        Item(_("Status page"), "infra:status", None, "public"),
    ]),
    Group(_("Compliance"), [
        Item(_("Licences and obligations"), "admin:compliance_calendar", "compliance.view_licence", "verified"),
        Item(_("Licence register"), "admin:compliance_licence_changelist", "compliance.view_licence", "license"),
        Item(_("Licence evidence"), "admin:compliance_evidence_changelist", "compliance.view_evidence", "folder_open"),
        Item(_("Policies and documents"), "admin:compliance_document_changelist", "compliance.view_document", "policy"),
        Item(_("Policies to acknowledge"), "admin:compliance_acknowledge", None, "task_alt"),
    ]),
]  # fmt: skip


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def visible_menu(user) -> list[dict]:
    """The groups and entries this user may see (plain data, used by the sidebar and tests)."""
    from .admin_site import has_backoffice_access

    if not has_backoffice_access(user):
        return []
    result = []
    for group in MENU:
        items = []
        for item in group.items:
            url = _url(item.url)
            if url is None or (item.perm and not user.has_perm(item.perm)):
                continue
            if item.check and not hooks.ask(item.check, user):
                continue
            items.append({"title": item.title, "link": url, "icon": item.icon, "name": item.url})
        if items:
            result.append({"title": group.title, "separator": True, "items": items})
    return result


def navigation(request) -> list[dict]:
    """UNFOLD["SIDEBAR"]["navigation"] callback."""
    return visible_menu(request.user)
