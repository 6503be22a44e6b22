"""Who reads the shop's search statistics: the process editor who produces the site report
(PRC-07), the product editor who acts on searches without results, and their supervisors."""

GRANTS: dict[str, list[str]] = {
    code: ["storefront.view_searchday"] for code in ("PRC", "PED", "CE", "MGR", "LEAD")
}
