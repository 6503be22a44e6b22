"""The duty catalogue of 网站运营部门岗位职责, with a stable ID per duty (zh original, en rendering).

Shipped so a real company starts from the document; every duty is editable in the back office.
"""

# (code, Chinese original, English rendering)
MGR = [
    (
        "MGR-01",
        "负责统筹本部门各岗位（网站编辑、网站美工、网站文案、网站策划、网站程序等）的整体工作",
        "Coordinate the whole department (editing, art, copy, planning, programming).",
    ),
    (
        "MGR-02",
        "负责将上级领导分配下来的任务，按下级岗位进行分配，并监督执行",
        "Split tasks from company leadership among subordinate positions; supervise execution.",
    ),
    (
        "MGR-03",
        "负责将其他部门派发的任务，按下级岗位进行分配，并监督执行",
        "Split tasks sent by other departments among subordinate positions; supervise execution.",
    ),
    (
        "MGR-04",
        "在职责范围内，协调下级岗位与其他部门岗位的工作",
        "Within remit, coordinate subordinate positions with other departments' positions.",
    ),
    (
        "MGR-05",
        "在职责范围内，对下级岗位不能处理的问题进行处理",
        "Within remit, resolve problems subordinates cannot.",
    ),
    (
        "MGR-06",
        "对于不能在职责范围内处理的问题，上报上级领导进行处理",
        "Escalate problems outside remit to company leadership.",
    ),
    (
        "MGR-07",
        "负责本部门岗位人员规划，拟定招募计划与需求，并在人事行政人员协助下，对空缺的各岗位人员进行招募",
        "Plan the department's staffing; draft recruitment plans and needs; recruit for vacancies with HR's help.",
    ),
    (
        "MGR-08",
        "负责对下级岗位人员工作绩效的考核和评审，以及转正解职、升职降级的申请",
        "Appraise subordinates' performance; file requests for confirmation after probation, dismissal, promotion, demotion.",
    ),
    (
        "MGR-09",
        "负责本部门各项制度（内容编辑制度、流程编辑制度、程序开发制度等）的制定",
        "Draft the department's rules: content-editing, process-editing, program-development policies.",
    ),
    (
        "MGR-10",
        "负责网站运营相关各项文档（各项资质申请、高新企业申请等）的撰写",
        "Write operations documents: qualification applications, high-tech-enterprise application, etc.",
    ),
    (
        "MGR-11",
        "负责与业务部门进行沟通，了解网站开发和修改的需求，形成技术文档，供网站系统开发商进行开发和修改",
        "Gather website development/change needs from business departments; turn them into technical documents for the website-system vendor.",
    ),
    (
        "MGR-12",
        "负责与网站系统开发商进行沟通，保证业务需求通过技术方式得以实现",
        "Work with the vendor so that business needs are realised technically.",
    ),
    (
        "MGR-13",
        "负责控制网站系统开发商进度，保证开发进程如期进行",
        "Control the vendor's schedule so that development finishes on time.",
    ),
    (
        "MGR-14",
        "负责网站系统功能测试（黑盒测试、白盒测试、内部测试、公开测试），以及时发现问题，并汇总成测试报告，供开发维护人员进行修改调试，保证系统运行通畅",
        "Functional testing of the site (black-box, white-box, internal, public testing); collect findings into test reports for developers/maintainers to fix.",
    ),
    (
        "MGR-15",
        "负责网站运营设备（服务器、路由器、交换机等）的购置方案制定、安装配置与日常运行维护",
        "Procurement plans, installation/configuration and daily maintenance of site equipment (servers, routers, switches).",
    ),
    (
        "MGR-16",
        "负责网站运营环境（主机托管、网站域名、通用网址等）的构建，接洽与甄选IDC、ISP，保证网站运营环境的畅通、稳定、高效",
        "Build the hosting environment (colocation/hosting, domain names, keyword addresses); select and deal with IDC and ISP providers; keep it available, stable, fast.",
    ),
    (
        "MGR-17",
        "负责网站各项运营资质（ICP备、ICP证、红盾315、公安局备案等）的办理、月报、季报、年审工作",
        "Site licences (ICP filing, ICP licence, Red Shield 315, public-security filing): obtain them, file monthly/quarterly reports, pass annual reviews.",
    ),
    (
        "MGR-18",
        "负责网站各项运营认证（可信网站等）的办理、年审工作",
        "Site certifications (e.g. trusted website): obtain, pass annual reviews.",
    ),
    (
        "MGR-19",
        "负责公司办公网络（光纤、宽带等）、办公设备（台式机、笔记本、路由器、交换机、无线AP基站、打印一体机等、办公服务器等）、办公系统（办公系统、财务管理系统、企业邮箱系统、电话会议系统等）的购置方案制定、安装配置与日常运行维护和管理",
        "Office network, office equipment and office systems (OA, finance, enterprise mail, teleconference): procurement plans, installation, daily maintenance and management.",
    ),
    (
        "MGR-20",
        "在下级岗位（网站编辑、网站美工、网站程序、网站策划等）空缺时，临时替代下级岗位工作（网站商品信息整理、发布、维护，网站广告设计制作，网站程序维护，网站基础文档、网站流程文档等）",
        "Stand in for vacant subordinate positions (product info tidy/publish/maintain, ad design, program maintenance, basic and process documents).",
    ),
    (
        "MGR-21",
        "在其他相关部门岗位（网站采购等）空缺时，临时替代其他相关部门岗位，完成相关工作（网站商品分类规划、网站商品信息采集）",
        "Stand in for vacant related positions of other departments (e.g. purchasing: product category planning, product info collection).",
    ),
    ("MGR-22", "上级领导安排的其他相关工作", "Other work assigned by company leadership."),
]

CE = [
    ("CE-01", "协调下级岗位的工作", "Coordinate subordinate positions."),
    (
        "CE-02",
        "将部门经理分配下来的任务，按下级岗位进行分配，并监督执行",
        "Split tasks from the manager among subordinates; supervise execution.",
    ),
    (
        "CE-03",
        "将其他部门派发的任务，经部门经理审核后，按下级岗位进行分配，并监督执行",
        "Split tasks from other departments among subordinates after the manager has reviewed them; supervise execution.",
    ),
    (
        "CE-04",
        "在职责范围内，协调下级岗位与其他部门岗位的工作",
        "Within remit, coordinate subordinates with other departments' positions.",
    ),
    (
        "CE-05",
        "在职责范围内，对下级岗位不能处理的问题进行处理",
        "Within remit, resolve problems subordinates cannot.",
    ),
    (
        "CE-06",
        "对于在职责范围内不能处理的问题，上报部门经理进行处理",
        "Escalate problems outside remit to the manager.",
    ),
    (
        "CE-07",
        "协助人事行政人员，对空缺的下级岗位人员进行招募",
        "Help HR recruit for subordinate vacancies.",
    ),
    (
        "CE-08",
        "负责对下级岗位人员工作绩效的考核和评审，以及转正解职、升职降级的申请",
        "Appraise subordinates; file confirmation/dismissal/promotion/demotion requests.",
    ),
    (
        "CE-09",
        "在下级岗位空缺时，临时负责下级岗位工作",
        "Stand in for vacant subordinate positions.",
    ),
    ("CE-10", "部门经理安排的其他相关工作", "Other work assigned by the manager."),
]

# The planning and programming leads have the chief editor's first nine duties for their teams.
PLN = [(c.replace("CE-", "PLN-"), zh, en) for c, zh, en in CE[:9]]
DEV = [(c.replace("CE-", "DEV-"), zh, en) for c, zh, en in CE[:9]]

PED = [
    (
        "PED-01",
        "将采购部门采集提供的商品信息进行整理",
        "Tidy the product information collected and supplied by Purchasing.",
    ),
    (
        "PED-02",
        "将整理好的商品信息在网站平台进行发布",
        "Publish tidied product information on the site.",
    ),
    (
        "PED-03",
        "根据业务流程需要，参照采购部门、仓储部门同步来的信息，对已经发布的商品信息进行价格修改、库存调整、下架删除、分类调整等管理",
        "Following syncs from Purchasing and Warehouse, change published products: price changes, stock adjustments, delisting/deletion, category changes.",
    ),
    (
        "PED-04",
        "根据采购部门制定的货架展示规划，对网站展示货架的商品进行定期更新调整",
        "Following Purchasing's shelf-display plan, periodically update the products on the site's display shelves.",
    ),
    (
        "PED-05",
        "根据采购部门制定的货架展示规划，将美工编辑设计制作完成的广告图片，对网站广告信息进行定期更新调整",
        "Following Purchasing's shelf-display plan, periodically rotate the site's ads using the images the Art Editor made.",
    ),
    (
        "PED-06",
        "对采购部门采集的信息不能满足要求的，就不能满足要求的部分，要求采购部门重新采集",
        "Where Purchasing's information falls short, send the failing part back to Purchasing to collect again.",
    ),
    (
        "PED-07",
        "对采购部门重新采集仍不能满足要求的商品信息，替代采购部门完成信息采集工作",
        "Where the re-collected information still falls short, collect it in Purchasing's place.",
    ),
    (
        "PED-08",
        "采购部门相关岗位空缺时，临时替代采购部门相关岗位，完成商品信息采购工作",
        "Stand in for vacant Purchasing positions (product info collection).",
    ),
    (
        "PED-09",
        "美工编辑岗位空缺时，临时替代美工编辑，完成广告图片的设计制作工作",
        "Stand in for a vacant Art Editor (ad image design).",
    ),
    ("PED-10", "网站总编安排的其他相关工作", "Other work assigned by the Chief Editor."),
]

ART = [
    (
        "ART-01",
        "根据网站策划制定的网站专题策划案，进行网站专题页面的设计制作",
        "Design and build topic pages from the Website Planner's topic proposals.",
    ),
    (
        "ART-02",
        "根据网站采购部门制作的货架展示规划，对网站广告需要图片进行设计制作",
        "Design the ad images that Purchasing's shelf-display plan calls for.",
    ),
    (
        "ART-03",
        "根据业务发展需要，对网站部分模块的重新设计制作",
        "Redesign parts (modules) of the site as the business needs.",
    ),
    (
        "ART-04",
        "网站所需静态页面的设计制作与更新维护",
        "Design, build and maintain the site's static pages.",
    ),
    (
        "ART-05",
        "网站总编安排的其他美工设计制作工作",
        "Other design work assigned by the Chief Editor.",
    ),
]

CPY = [
    (
        "CPY-01",
        "根据网站基础需要，制定和收集网站基础展示文档，并发布到网站平台",
        "Write and collect the site's basic display documents; publish them on the site.",
    ),
    (
        "CPY-02",
        "根据网站业务流程需要，制定网站业务流程文档，并发布到网站平台",
        "Write the site's business-process documents (how to order, pay, deliver, return); publish them.",
    ),
    (
        "CPY-03",
        "根据网站业务流程需要，制定网站宣传文档，并发布到网站平台",
        "Write the site's promotional documents; publish them.",
    ),
    (
        "CPY-04",
        "根据网站业务流程需要，制定网站相关的各种宣传语、广告词等",
        "Write slogans and ad copy.",
    ),
    (
        "CPY-05",
        "对于需要制作静态页面的文档，交美工编辑进行页面设计制作",
        "Documents that need a static page go to the Art Editor to design.",
    ),
    ("CPY-06", "网站总编安排的其他文案制定工作", "Other copy work assigned by the Chief Editor."),
]

PRC = [
    (
        "PRC-01",
        "管理网站订单流程，将用户订单汇总整理，提交给物流配送部门安排配送",
        "Manage the order flow: gather and tidy customers' orders and hand them to Logistics for delivery.",
    ),
    (
        "PRC-02",
        "根据物流配送部门同步来的流程信息，更新网站订单状态",
        "Update order status from Logistics' syncs.",
    ),
    (
        "PRC-03",
        "根据客户服务部门同步来的流程信息，更新网站订单状态",
        "Update order status from Customer Service's syncs.",
    ),
    (
        "PRC-04",
        "定期进行网站订单统计工作，形成报表文件，存档并报告给相关部门和人员",
        "Periodic order statistics: report files, archived and sent to the departments and people concerned.",
    ),
    (
        "PRC-05",
        "管理网站项目流程，根据网站销售部门的项目要求，建立相关项目用户、项目名称、积分规律，并进行相应的积分审核、积分生成、积分发送等工作",
        "Manage site projects for Website Sales: set up project users, project names and points rules; audit, generate and issue points.",
    ),
    (
        "PRC-06",
        "定期进行项目流程统计工作，形成报表文件，存档并报告给相关部门和人员",
        "Periodic project statistics: report files, archived and sent on.",
    ),
    (
        "PRC-07",
        "定期对网站其他统计项目进行汇总，形成报表文档，存档并报告给相关部门和人员",
        "Periodic roll-up of the site's other statistics: report documents, archived and sent on.",
    ),
    (
        "PRC-08",
        "根据公司业务需要，不定期对相关项目进行统计汇总，形成报表文档，报告给相关部门和人员",
        "Ad-hoc statistics for business needs: report documents, sent on.",
    ),
    (
        "PRC-09",
        "其他相关的流程工作，保证网站运营流程通畅",
        "Other process work that keeps the site's operation flowing.",
    ),
]

ACT = [
    (
        "ACT-01",
        "根据网站业务需要，定期或不定期策划网站线上、线下专题活动",
        "Plan online and offline site events (topics), periodic or ad hoc.",
    ),
    (
        "ACT-02",
        "协助美工编辑，完成网站线上专题设计制作和上线",
        "Help the Art Editor design and launch online topic pages.",
    ),
    (
        "ACT-03",
        "组织和网站相关的线下活动实施",
        "Organise and run offline events connected with the site.",
    ),
]

PRM = [
    (
        "PRM-01",
        "协助网站采购部门、网站销售部门相关岗位进行网站合作伙伴在网站的推广宣传，以及在合作伙伴网站的推广宣传互换",
        "With Purchasing and Sales, promote partners on the site and swap promotion on partners' sites.",
    ),
    (
        "PRM-02",
        "负责国内各大BBS社区、博客、SNS社区机构合作、形象展示、软文发布、在线互动等",
        "Work with major BBS communities, blogs and social networks: partnerships, brand presence, sponsored articles, online interaction.",
    ),
    (
        "PRM-03",
        "制定推广方案、定时提交推广报告",
        "Draw up promotion plans; hand in promotion reports on schedule.",
    ),
    ("PRM-04", "网站外联推广的其他相关工作", "Other outreach work."),
]

MOD = [
    (
        "MOD-01",
        "根据网站发展需要，对新提出的功能模块进行开发",
        "Build newly requested function modules.",
    ),
    ("MOD-02", "根据网站发展需要，对现有的功能模块进行升级", "Upgrade existing function modules."),
    ("MOD-03", "和网站相关的其他开发工作", "Other development work."),
]

MNT = [
    (
        "MNT-01",
        "根据网站需要，对现有的功能模块存在的问题和局限进行调试修改",
        "Debug and fix problems and limits of existing modules.",
    ),
    (
        "MNT-02",
        "根据网站需要，对可能调用网站程序的专题页面添加相应程序支持",
        "Add program support to topic pages that call site functions.",
    ),
    ("MNT-03", "和网站相关的其他程序维护工作", "Other maintenance work."),
]

DUTIES = {
    "MGR": MGR, "CE": CE, "PLN": PLN, "DEV": DEV, "PED": PED, "ART": ART, "CPY": CPY,
    "PRC": PRC, "ACT": ACT, "PRM": PRM, "MOD": MOD, "MNT": MNT,
}  # fmt: skip
