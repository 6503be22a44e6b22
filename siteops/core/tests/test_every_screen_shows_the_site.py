"""Every back-office screen shows the site's name at the top of the sidebar and in the window
title — the department's own screens (the team board, the workbench, the org chart …) extend
admin/base.html, where unfold's admin/base_site.html blocks did not reach."""

import re

import pytest
from django.contrib.admin import site

pytestmark = pytest.mark.django_db

SCREENS = ["/backoffice/", "/backoffice/work/", "/backoffice/work/team/", "/backoffice/org/chart/",
           "/backoffice/work/workitem/", "/backoffice/catalog/product/"]  # fmt: skip


@pytest.mark.parametrize("path", SCREENS)
def test_the_site_name_on_every_screen(client, manager, path):
    client.force_login(manager)
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True).content.decode()
    name = re.search(r'<div id="site-name"[^>]*>(.*?)</div>', html, re.S)
    assert name and str(site.site_header) in name.group(1), path
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert str(site.site_title) in title, path
