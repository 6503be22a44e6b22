"""Kinds and statuses of IT equipment, procurement, hosting and availability."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetKind(models.TextChoices):
    SERVER = "server", _("Server")
    ROUTER = "router", _("Router")
    SWITCH = "switch", _("Switch")
    FIREWALL = "firewall", _("Firewall")
    DESKTOP = "desktop", _("Desktop")
    LAPTOP = "laptop", _("Laptop")
    ACCESS_POINT = "access_point", _("Wireless AP")
    PRINTER = "printer", _("Printer")
    OFFICE_SERVER = "office_server", _("Office server")


SITE_KINDS = ("server", "router", "switch", "firewall")


class AssetStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INSTALLED = "installed", _("Installed")
    IN_SERVICE = "in_service", _("In service")
    IN_REPAIR = "in_repair", _("In repair")
    RETIRED = "retired", _("Retired")
    DISPOSED = "disposed", _("Disposed")

    @property
    def badge(self) -> str:
        return {
            "in_service": "success",
            "in_repair": "warning",
            "retired": "neutral",
            "disposed": "neutral",
        }.get(self.value, "info")


ASSET_TRANSITIONS: dict[str, set[str]] = {
    "received": {"installed", "in_service", "retired"},
    "installed": {"in_service", "in_repair", "retired"},
    "in_service": {"in_repair", "retired"},
    "in_repair": {"in_service", "retired"},
    "retired": {"disposed", "in_service"},
    "disposed": set(),
}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    APPROVED = "approved", _("Approved")
    ORDERED = "ordered", _("Ordered")
    RECEIVED = "received", _("Received")
    REJECTED = "rejected", _("Rejected")

    @property
    def badge(self) -> str:
        return {
            "approved": "success",
            "received": "success",
            "rejected": "danger",
            "in_approval": "warning",
        }.get(self.value, "info")


PLAN_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"in_approval"},
    "in_approval": {"approved", "rejected", "draft"},
    "approved": {"ordered"},
    "ordered": {"received"},
    "received": set(),
    "rejected": {"draft"},
}


class MaintenanceKind(models.TextChoices):
    PLANNED = "planned", _("Planned (firmware, UPS test …)")
    CORRECTIVE = "corrective", _("Corrective (repair)")


class SystemKind(models.TextChoices):
    OA = "oa", _("Office automation (OA)")
    FINANCE = "finance", _("Finance system")
    MAIL = "mail", _("Enterprise mail")
    TELECONFERENCE = "teleconference", _("Teleconference")
    OTHER = "other", _("Other system")


class ProviderKind(models.TextChoices):
    IDC = "idc", _("IDC colocation")
    ISP = "isp", _("ISP line")
    CLOUD = "cloud", _("Cloud")
    REGISTRAR = "registrar", _("Domain registrar")
    CA = "ca", _("Certificate authority")


class DriftKind(models.TextChoices):
    NAME_SERVERS = "name_servers", _("Name servers")
    CERTIFICATE = "certificate", _("Certificate")


class SiteStatus(models.TextChoices):
    BUILDING = "building", _("Being built")
    LIVE = "live", _("Live")
    OFFLINE = "offline", _("Offline")

    @property
    def badge(self) -> str:
        return {"live": "success", "offline": "neutral"}.get(self.value, "info")


class LineKind(models.TextChoices):
    FIBRE = "fibre", _("Fibre")
    BROADBAND = "broadband", _("Broadband")
    LEASED = "leased", _("Leased line")
    MOBILE = "mobile", _("Mobile (4G/5G) backup")


class SelectionKind(models.TextChoices):
    HOSTING = "hosting", _("Hosting (IDC colocation or cloud)")
    ISP = "isp", _("ISP line")
    SUPPLIER = "supplier", _("Equipment supplier")


class SelectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")

    @property
    def badge(self) -> str:
        return {"approved": "success", "rejected": "danger", "in_approval": "warning"}.get(
            self.value, "info"
        )


# Scores are fixed while the decision is in approval and after it; a rejected decision goes
# back to draft to be rescored or decided again.
SELECTION_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"in_approval"},
    "in_approval": {"approved", "rejected"},
    "rejected": {"draft"},
    "approved": set(),
}
