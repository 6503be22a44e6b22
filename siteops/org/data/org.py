"""The organisation as the document describes it: departments, positions, reporting lines, fallbacks.

Other departments' positions are the ones the duties name (Purchasing collection and category
planning, Warehouse stock, Logistics dispatch, Customer Service, Website Sales projects, HR).
"""

# (code, zh, en, kind)   kind: own | other | leadership
DEPARTMENTS = [
    ("LEAD", "公司领导", "Company leadership", "leadership"),
    ("WEB", "网站运营部", "Website Operations", "own"),
    ("PUR", "采购部", "Purchasing", "other"),
    ("WH", "仓储部", "Warehouse", "other"),
    ("LOG", "物流配送部", "Logistics & Delivery", "other"),
    ("CS", "客户服务部", "Customer Service", "other"),
    ("SAL", "网站销售部", "Website Sales", "other"),
    ("HR", "人事行政部", "HR & Administration", "other"),
    # The outside vendor's people log in like another department's staff (issue #17); each login
    # is tied to one vendor (vendors.VendorAccount), which narrows what it sees to that vendor's.
    ("VEN", "外包供应商", "Outside vendors", "other"),
]

# (code, zh, en, department, reports_to, is_lead, headcount)
POSITIONS = [
    ("LEAD", "上级领导", "Company leadership", "LEAD", None, True, 1),
    ("MGR", "部门经理", "Department Manager", "WEB", "LEAD", True, 1),
    ("CE", "网站总编", "Chief Editor", "WEB", "MGR", True, 1),
    ("PLN", "网站策划", "Website Planning lead", "WEB", "MGR", True, 1),
    ("DEV", "网站程序", "Programming lead", "WEB", "MGR", True, 1),
    ("PED", "商品编辑", "Product Editor", "WEB", "CE", False, 2),
    ("ART", "美工编辑", "Art Editor", "WEB", "CE", False, 1),
    ("CPY", "文案编辑", "Copy Editor", "WEB", "CE", False, 1),
    ("PRC", "流程编辑", "Process Editor", "WEB", "CE", False, 1),
    ("ACT", "活动策划", "Activity Planner", "WEB", "PLN", False, 1),
    ("PRM", "外联推广", "External Promotion", "WEB", "PLN", False, 1),
    ("MOD", "模块开发", "Module Developer", "WEB", "DEV", False, 1),
    ("MNT", "程序维护", "Program Maintenance", "WEB", "DEV", False, 1),
    ("PUR-MGR", "采购主管", "Purchasing lead", "PUR", "LEAD", True, 1),
    ("PUR-COL", "商品信息采集", "Purchasing: product information collection", "PUR", "PUR-MGR", False, 1),
    ("PUR-CAT", "商品分类规划", "Purchasing: product category planning", "PUR", "PUR-MGR", False, 1),
    ("WH-STK", "仓储库存专员", "Warehouse stock clerk", "WH", "LEAD", False, 1),
    ("LOG-DSP", "物流调度", "Logistics dispatcher", "LOG", "LEAD", False, 1),
    ("CS-AGT", "客服专员", "Customer Service agent", "CS", "LEAD", False, 2),
    ("SAL-PRJ", "销售项目专员", "Website Sales project officer", "SAL", "LEAD", False, 1),
    ("HR-ADM", "人事行政专员", "HR & Administration officer", "HR", "LEAD", False, 1),
    ("VEN-PM", "供应商项目经理", "Vendor's project manager", "VEN", "LEAD", False, 20),
]  # fmt: skip

# Ordered acting fallbacks beyond "the superior covers" (which resolve() always applies last).
# (position, fallback, duty that says so)
FALLBACKS = [
    ("PUR-COL", "PED", "PED-08"),
    ("PUR-COL", "MGR", "MGR-21"),
    ("PUR-CAT", "MGR", "MGR-21"),
    ("ART", "PED", "PED-09"),
]
