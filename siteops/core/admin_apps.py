from django.contrib.admin.apps import AdminConfig


class SiteOpsAdminConfig(AdminConfig):
    """The back office is Django's admin, with our site class (menu, work views, position login)."""

    default_site = "siteops.core.admin_site.SiteOpsAdminSite"
