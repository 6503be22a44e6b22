"""Duties IT and hosting serves: site equipment (MGR-15), the hosting environment (MGR-16),
office network, equipment and systems (MGR-19)."""

from django.utils.translation import gettext_lazy as _

from siteops.core.duties import Screen, serves

PLANS = Screen("admin:infra_procurementplan_changelist", "infra.view_procurementplan")
ASSETS = Screen("admin:infra_asset_changelist", "infra.view_asset")
DASHBOARD = Screen("admin:infra_dashboard", "infra.view_asset")

serves(
    "MGR-15",
    DASHBOARD,
    PLANS,
    ASSETS,
    Screen("admin:infra_maintenance_changelist", "infra.view_maintenance"),
    Screen("admin:infra_installation_changelist", "infra.view_installation"),
)
serves(
    "MGR-16",
    Screen("admin:infra_provider_changelist", "infra.view_provider"),
    Screen("admin:infra_providerselection_changelist", "infra.view_providerselection"),
    Screen("admin:infra_contract_changelist", "infra.view_contract"),
    Screen("admin:infra_domain_changelist", "infra.view_domain"),
    Screen("admin:infra_certificate_changelist", "infra.view_certificate"),
    Screen("admin:infra_drift_changelist", "infra.view_drift"),
    Screen("admin:infra_keywordregistration_changelist", "infra.view_keywordregistration"),
    Screen("admin:infra_site_changelist", "infra.view_site"),
    Screen("admin:infra_monitor_changelist", "infra.view_monitor"),
    Screen("infra:status", kind="shop", label=_("The status page")),
)
serves(
    "MGR-19",
    PLANS,
    ASSETS,
    Screen("admin:infra_officesystem_changelist", "infra.view_officesystem"),
    Screen("admin:infra_networkline_changelist", "infra.view_networkline"),
    Screen("admin:infra_equipmentloan_changelist", "infra.view_equipmentloan"),
    Screen("admin:infra_providerselection_changelist", "infra.view_providerselection"),
)
