from siteops.content import services


def draft(actor, slug="how-to-return", title="如何退货", body="<p>七天无理由退货。</p>", **kw):
    return services.page_create(
        actor=actor,
        kind=kw.pop("kind", "process"),
        slug=slug,
        data={"title": title, "body": body, **kw.pop("data", {})},
        footer_group=kw.pop("footer_group", "service"),
        **kw,
    )


def approve_all(page, *approvers):
    from siteops.approvals.services import approval_approve

    approval = services.pending_approval(page)
    for user in approvers:
        approval_approve(actor=user, approval=approval)
    page.refresh_from_db()
    return approval
