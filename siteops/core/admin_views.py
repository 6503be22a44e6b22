"""Work screens that belong to no domain app (see SiteOpsAdminSite.get_urls)."""


def urlpatterns(site):
    from .revision_views import urlpatterns as revision_urls

    return [*revision_urls(site)]
