"""The one back-office menu, grouped by the department's work.

Each entry names a URL and the permission that shows it. Entries whose URL does not exist (yet)
or that the user's positions do not allow are left out, and so are empty groups — so a product
editor sees Catalogue and Shelves & ads, while Warehouse's clerk sees only what they may send.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language
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
        Item(_("Reset a customer's password"), "admin:org_customer_reset", "org.reset_customer_password", "lock_reset"),
        Item(_("Account events"), "admin:org_accountevent_changelist", "org.view_accountevent", "history"),
    ]),
    Group(_("Catalogue"), [
        Item(_("Products"), "admin:catalog_product_changelist", "catalog.view_product", "inventory_2"),
        Item(_("Categories"), "admin:catalog_category_changelist", "catalog.view_category", "category"),
        Item(_("Brands"), "admin:catalog_brand_changelist", "catalog.view_brand", "sell"),
        Item(_("Product tags"), "admin:catalog_tag_changelist", "catalog.view_tag", "label"),
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
    Group(_("Points"), [
        Item(_("Points projects"), "admin:loyalty_project_changelist", "loyalty.view_project", "loyalty"),
        Item(_("Ask for a points project"), "admin:loyalty_project_request", "loyalty.request_project", "add_circle"),
        Item(_("Points batches"), "admin:loyalty_batch_changelist", "loyalty.view_batch", "fact_check"),
        Item(_("Project members"), "admin:loyalty_member_changelist", "loyalty.view_member", "group"),
        Item(_("Points rule versions"), "admin:loyalty_ruleversion_changelist", "loyalty.view_ruleversion", "rule"),
        Item(_("Points ledger"), "admin:loyalty_ledgerentry_changelist", "loyalty.view_ledgerentry", "menu_book"),
        Item(_("Points claims"), "admin:loyalty_claimpool_changelist", "loyalty.view_claimpool", "redeem"),
    ]),
    Group(_("Content"), [
        Item(_("Documents and pages"), "admin:content_page_changelist", "content.view_page", "article"),
        Item(_("New document or page"), "admin:content_page_new", "content.add_page", "note_add"),
        Item(_("Slogans and ad copy"), "admin:content_slogan_changelist", "content.view_slogan", "campaign"),
        Item(_("Design requests"), "admin:content_designrequest_changelist", "content.view_designrequest", "palette"),
        Item(_("Shop regions"), "admin:content_regions", "content.view_page", "web"),
        Item(_("Releases"), "admin:content_release_changelist", "content.view_release", "rocket_launch"),
        Item(_("New release"), "admin:content_release_new", "content.publish_release", "add_circle"),
    ]),
    Group(_("Campaigns"), [
        Item(_("Campaign board"), "admin:campaigns_board", "campaigns.view_campaign", "view_kanban"),
        Item(_("Campaign calendar"), "admin:campaigns_calendar", "campaigns.view_campaign", "calendar_month"),
        Item(_("Campaigns"), "admin:campaigns_campaign_changelist", "campaigns.view_campaign", "campaign"),
        Item(_("Budget lines"), "admin:campaigns_budgetline_changelist", "campaigns.view_budgetline", "payments"),
        Item(_("Offline events"), "admin:campaigns_offlineevent_changelist", "campaigns.view_offlineevent", "event"),
        Item(_("Registrations"), "admin:campaigns_registration_changelist", "campaigns.view_registration", "how_to_reg"),
        Item(_("Registration lists"), "admin:campaigns_registrationimport_changelist", "campaigns.view_registrationimport", "upload_file"),
        Item(_("Event roster"), "admin:campaigns_rostershift_changelist", "campaigns.view_rostershift", "badge"),
        Item(_("Event summaries"), "admin:campaigns_eventsummary_changelist", "campaigns.view_eventsummary", "summarize"),
        Item(_("Partners"), "admin:campaigns_partner_changelist", "campaigns.view_partner", "handshake"),
        Item(_("Promotion swaps"), "admin:campaigns_swap_changelist", "campaigns.view_swap", "swap_horiz"),
        Item(_("Posts and sponsored articles"), "admin:campaigns_post_changelist", "campaigns.view_post", "forum"),
        Item(_("UTM sources"), "admin:campaigns_source_changelist", "campaigns.view_source", "sell"),
        Item(_("Tracked links"), "admin:campaigns_trackedlink_changelist", "campaigns.view_trackedlink", "link"),
        Item(_("Unmapped UTM values"), "admin:campaigns_unmapped", "campaigns.view_utmmapping", "rule"),
        Item(_("Promo codes"), "admin:campaigns_promocode_changelist", "campaigns.view_promocode", "confirmation_number"),
    ]),
    Group(_("Reports"), [
        Item(_("Manager dashboard"), "admin:reports_dashboard", "reports.view_dashboard", "monitoring"),
        Item(_("Order statistics"), "admin:reports_order_stats", "reports.view_reportrun", "bar_chart"),
        Item(_("All reports"), "admin:reports_datasets", None, "query_stats", check="menu.sees_a_report"),
        Item(_("Report archive"), "admin:reports_reportrun_changelist", "reports.view_reportrun", "archive"),
        Item(_("Report definitions"), "admin:reports_reportdefinition_changelist", "reports.view_reportdefinition", "description"),
    ]),
    Group(_("People"), [
        Item(_("Staffing plan"), "admin:people_plan_index", "people.view_staffingplan", "groups"),
        Item(_("Recruitment requests"), "admin:people_recruitment_list", "people.view_recruitmentrequest", "person_search"),
        Item(_("Appraisals"), "admin:people_appraisal_list", "people.view_appraisal", "grading"),
        Item(_("Personnel requests"), "admin:people_personnel_list", "people.view_personnelrequest", "badge"),
    ]),
    Group(_("Vendors & testing"), [
        Item(_("Triage of needs"), "admin:vendors_needs", "vendors.triage_need", "inbox"),
        Item(_("Needs"), "admin:vendors_need_changelist", "vendors.view_need", "lightbulb"),
        Item(_("Requirements"), "admin:vendors_requirement_changelist", "vendors.view_requirement", "checklist_rtl"),
        Item(_("Technical documents"), "admin:vendors_technicaldocument_changelist", "vendors.view_technicaldocument", "article"),
        Item(_("Vendors"), "admin:vendors_vendor_changelist", "vendors.view_vendor", "handshake"),
        Item(_("Vendor projects"), "admin:vendors_vendorproject_changelist", "vendors.view_vendorproject", "work"),
        Item(_("Milestones"), "admin:vendors_milestone_changelist", "vendors.view_milestone", "flag"),
        Item(_("Test plans"), "admin:vendors_testplan_changelist", "vendors.view_testplan", "assignment"),
        Item(_("Test cases"), "admin:vendors_testcase_changelist", "vendors.view_testcase", "fact_check"),
        Item(_("Test runs"), "admin:vendors_testrun_changelist", "vendors.view_testrun", "play_circle"),
        Item(_("Defects"), "admin:vendors_defect_changelist", "vendors.view_defect", "bug_report"),
        Item(_("Development requests"), "admin:vendors_devrequest_changelist", "vendors.view_devrequest", "code"),
        Item(_("Vendor portal"), "admin:vendors_portal", "vendors.use_portal", "storefront"),
        Item(_("Triage of beta feedback"), "admin:vendors_beta_triage", "vendors.change_betafeedback", "rule"),
        Item(_("Beta feedback"), "admin:vendors_betafeedback_changelist", "vendors.view_betafeedback", "feedback"),
        Item(_("Beta features"), "admin:vendors_betafeature_changelist", "vendors.view_betafeature", "science"),
    ]),
    Group(_("IT & hosting"), [
        Item(_("IT dashboard"), "admin:infra_dashboard", "infra.view_asset", "dns"),
        Item(_("Procurement plans"), "admin:infra_procurementplan_changelist", "infra.view_procurementplan", "shopping_cart"),
        Item(_("Assets"), "admin:infra_asset_changelist", "infra.view_asset", "devices"),
        Item(_("Maintenance records"), "admin:infra_maintenance_changelist", "infra.view_maintenance", "build"),
        Item(_("Installation records"), "admin:infra_installation_changelist", "infra.view_installation", "settings"),
        Item(_("Network lines"), "admin:infra_networkline_changelist", "infra.view_networkline", "lan"),
        Item(_("Equipment checkouts"), "admin:infra_equipmentloan_changelist", "infra.view_equipmentloan", "assignment_ind"),
        Item(_("Office systems"), "admin:infra_officesystem_changelist", "infra.view_officesystem", "apps"),
        Item(_("Providers"), "admin:infra_provider_changelist", "infra.view_provider", "cloud"),
        Item(_("Provider selections"), "admin:infra_providerselection_changelist", "infra.view_providerselection", "fact_check"),
        Item(_("Contracts"), "admin:infra_contract_changelist", "infra.view_contract", "contract"),
        Item(_("Websites"), "admin:infra_site_changelist", "infra.view_site", "web"),
        Item(_("Domains"), "admin:infra_domain_changelist", "infra.view_domain", "language"),
        Item(_("Certificates"), "admin:infra_certificate_changelist", "infra.view_certificate", "lock"),
        Item(_("Keyword addresses"), "admin:infra_keywordregistration_changelist", "infra.view_keywordregistration", "travel_explore"),
        Item(_("DNS and certificate changes"), "admin:infra_drift_changelist", "infra.view_drift", "published_with_changes"),
        Item(_("Monitors"), "admin:infra_monitor_changelist", "infra.view_monitor", "monitor_heart"),
        Item(_("Incidents"), "admin:infra_incident_changelist", "infra.view_incident", "crisis_alert"),
        Item(_("Maintenance windows"), "admin:infra_maintenancewindow_changelist", "infra.view_maintenancewindow", "schedule"),
        Item(_("Status page"), "infra:status", None, "public"),
        Item(_("My equipment"), "admin:infra_my_equipment", None, "laptop_chromebook"),
    ]),
    Group(_("Compliance"), [
        Item(_("Licences and obligations"), "admin:compliance_calendar", "compliance.view_licence", "verified"),
        Item(_("Licence register"), "admin:compliance_licence_changelist", "compliance.view_licence", "license"),
        Item(_("Company changes and licences"), "admin:compliance_impact", "compliance.view_licence", "change_circle"),
        Item(_("Yearly compliance report"), "admin:compliance_yearly", "compliance.view_licence", "summarize"),
        Item(_("Public security filings"), "admin:compliance_psbfiling_changelist", "compliance.view_psbfiling", "local_police"),
        Item(_("Licences in site footers"), "admin:compliance_sitefooterlicence_changelist", "compliance.view_sitefooterlicence", "web_asset"),
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


# The menu filtered by permissions, per (set of permissions, superuser, language, URL prefix):
# built once per process for each combination the department has (a handful: one per set of
# positions held together), then reused by every page. Entries decided by a hook (``check``) are
# kept in it and asked per request, since their answer depends on more than permissions.
_BUILT: dict[tuple, list[tuple[str, list[tuple[dict, str | None]]]]] = {}
_BUILT_MAX = 512


def _menu_key(user) -> tuple:
    perms = sorted(user.get_all_permissions())
    digest = hashlib.blake2b("\n".join(perms).encode(), digest_size=16).hexdigest()
    return (digest, bool(user.is_superuser), get_language(), get_script_prefix())


def _build(user) -> list[tuple[str, list[tuple[dict, str | None]]]]:
    built = []
    for group in MENU:
        items = []
        for item in group.items:
            url = _url(item.url)
            if url is None or (item.perm and not user.has_perm(item.perm)):
                continue
            entry = {"title": str(item.title), "link": url, "icon": item.icon, "name": item.url,
                     # Keys unfold's sidebar template reads: present, so the template engine
                     # does not fall back to attribute lookups and dir() for each entry.
                     "link_callback": None, "link_attrs": None, "icon_template": None}  # fmt: skip
            items.append((entry, item.check))
        if items:
            built.append((str(group.title), items))
    return built


class VisibleMenu(list):
    """The groups and entries one user sees, shared by every request with the same menu key and
    the same answers of the menu's hooks — so never change it in place. ``key`` names it (the
    sidebar's HTML is kept by it, with the active entry: siteops.core.admin_site); ``paths`` are
    the entries' link paths in order, for finding the active one without parsing URLs."""

    key: tuple = ()
    paths: tuple = ()


# The final menus, per (menu key, answers of the hooks): a handful per process.
_VISIBLE: dict[tuple, VisibleMenu] = {}


def _visible(user) -> VisibleMenu:
    from .admin_site import has_backoffice_access

    if not has_backoffice_access(user):
        return VisibleMenu()
    key = _menu_key(user)
    built = _BUILT.get(key)
    if built is None:
        built = _build(user)
        if len(_BUILT) >= _BUILT_MAX:
            _BUILT.clear()
        _BUILT[key] = built
    answers = tuple(
        bool(hooks.ask(check, user))
        for _title, entries in built
        for _entry, check in entries
        if check
    )
    full_key = (key, answers)
    menu = _VISIBLE.get(full_key)
    if menu is None:
        answer = iter(answers)
        menu = VisibleMenu()
        for title, entries in built:
            items = [dict(entry) for entry, check in entries if not check or next(answer)]
            if items:
                menu.append(
                    {"title": title, "separator": True, "collapsible": False, "items": items}
                )
        menu.key = full_key
        menu.paths = tuple(
            item["link"].split("?", 1)[0].split("#", 1)[0]
            for group in menu
            for item in group["items"]
        )
        if len(_VISIBLE) >= _BUILT_MAX:
            _VISIBLE.clear()
        _VISIBLE[full_key] = menu
    return menu


def visible_menu(user) -> list[dict]:
    """The groups and entries this user may see (plain data, a copy: used by tests and callers
    that may change it)."""
    return [{**group, "items": [dict(item) for item in group["items"]]} for group in _visible(user)]


def navigation(request) -> list[dict]:
    """UNFOLD["SIDEBAR"]["navigation"] callback (once per request, even if asked twice). The
    menu returned is shared between requests: read it, do not change it."""
    cached = getattr(request, "_siteops_menu", None)
    if cached is None:
        cached = _visible(request.user)
        request._siteops_menu = cached
    return cached
