"""The shop's sitemap (/sitemap.xml, an index of sections): products, categories, published
documents and topic pages. Each section page is one COUNT and one bounded query, whatever the
number of products or pages (django.contrib.sitemaps with our own templates, so the app need
not be installed)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse
from django.views.decorators.http import require_GET

from .choices import HELP_KINDS, PageKind
from .selectors import live_pages


class _Bounded(Sitemap):
    limit = 5000  # URLs per sitemap page (the protocol allows 50,000; smaller pages are cheaper)

    def get_latest_lastmod(self):
        return None  # Django would read every item for it: the index stays one COUNT a section


class ProductSitemap(_Bounded):
    changefreq = "daily"

    def items(self):
        from siteops.catalog.selectors import shop_products

        return shop_products().select_related(None).only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("storefront:product", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(_Bounded):
    changefreq = "weekly"

    def items(self):
        from siteops.catalog.models import Category

        return Category.objects.filter(is_active=True).only("pk", "slug").order_by("pk")

    def location(self, item):
        return reverse("storefront:category", args=[item.slug])


class DocumentSitemap(_Bounded):
    changefreq = "monthly"

    def items(self):
        return (
            live_pages().filter(kind__in=HELP_KINDS).only("pk", "slug", "updated_at").order_by("pk")
        )

    def location(self, item):
        return reverse("storefront:page", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(DocumentSitemap):
    changefreq = "daily"

    def items(self):
        return (
            live_pages().filter(kind=PageKind.TOPIC).only("pk", "slug", "updated_at").order_by("pk")
        )

    def location(self, item):
        return reverse("storefront:topic", args=[item.slug])


SITEMAPS = {
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "documents": DocumentSitemap,
    "topics": TopicSitemap,
}


@require_GET
def index(request):
    return sitemap_views.index(
        request, SITEMAPS, template_name="content/sitemap_index.xml",
        sitemap_url_name="content:sitemap_section",
    ).render()  # fmt: skip


@require_GET
def section(request, section):
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="content/sitemap.xml"
    ).render()
