"""Who may do what in the vendors-and-testing area (applied by ``siteops load-org``)."""

_MODELS = [
    "need", "requirement", "technicaldocument", "vendor", "vendorproject", "milestone",
    "baseline", "testplan", "testcase", "testrun", "testexecution", "defect", "devrequest",
    "vendoraccount", "betafeature", "betafeedback", "betaparticipant",
]  # fmt: skip
_VIEW = [f"vendors.view_{m}" for m in _MODELS] + ["vendors.view_milestonedelay"]
_ALL = [f"vendors.{a}_{m}" for m in _MODELS for a in ("view", "add", "change")]

#: Other departments send needs and see their own (needs_visible_to restricts the rows).
_NEED_SENDERS = ["vendors.add_need", "vendors.view_need"]

GRANTS = {
    # MGR-11…14: the manager runs needs, requirements, the vendor, the schedule and the testing.
    "MGR": [
        *_ALL,
        "vendors.view_milestonedelay",
        "vendors.triage_need",
        "vendors.baseline_requirement",
        "vendors.accept_milestone",
        "vendors.sign_off_testrun",
        "vendors.execute_test",
        "vendors.fix_defect",
    ],
    # The programming lead: development work (DEV-02/03), tests and defects with the manager.
    "DEV": [
        *_VIEW,
        "vendors.add_devrequest",
        "vendors.change_devrequest",
        "vendors.add_testcase",
        "vendors.change_testcase",
        "vendors.add_testrun",
        "vendors.change_testrun",
        "vendors.execute_test",
        "vendors.add_defect",
        "vendors.change_defect",
        "vendors.fix_defect",
    ],
    # Module developer (MOD-01/02) and maintainer (MNT-01): read the specs, run tests, fix defects.
    "MOD": [*_VIEW, "vendors.execute_test", "vendors.add_defect", "vendors.fix_defect"],
    "MNT": [*_VIEW, "vendors.execute_test", "vendors.add_defect", "vendors.fix_defect"],
    **{
        code: _NEED_SENDERS
        for code in ("PUR-MGR", "PUR-COL", "WH-STK", "LOG-DSP", "CS-AGT", "SAL-PRJ", "HR-ADM")
    },
    # The outside vendor's people (another department's kind of login, tied to one vendor by a
    # VendorAccount): the portal only — its projects, milestones, defects and documents.
    "VEN-PM": ["vendors.use_portal"],
}
