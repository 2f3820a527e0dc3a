"""Who may use the quality audit (django-rules).

There is no "QA lead" role: SEND team managers and administrators are the QA lead. They keep
the framework, draw samples, assign auditors, moderate, and see every audit of their authority.
A leader sees the results as counts and averages only, never a child. An auditor (any member of
the authority's staff, or a health or social care professional) reads and grades only the plans
assigned to them. A plan's caseworker and the SEND team see its results on the case's page.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import is_editor, is_leader, is_manager

MANAGE = "insight.quality_manage"  # the QA lead: managers and administrators
RESULTS = "insight.quality_results"  # the results as counts: leaders and managers
FRAMEWORK = "insight.quality_framework"  # reading the framework
AUDIT = "insight.quality_audit"  # grading one plan (object: a PlanAudit)
CASE_PANEL = "insight.quality_case_panel"  # the results on the case's page


@rules.predicate
def is_assigned_auditor(user: Any, audit: Any) -> bool:
    """The auditor the plan was assigned to, still of the sample's authority."""
    if audit is None or not user.is_authenticated or not user.is_active:
        return False
    authority = user.authority
    return bool(
        audit.auditor_id == user.pk
        and authority is not None
        and audit.plan.sample.authority_id == authority.pk
    )


@rules.predicate
def has_audits(user: Any) -> bool:
    from sendpath.insight.quality import selectors

    return bool(user.is_authenticated and selectors.audits_of(user).exists())


rules.add_perm(MANAGE, is_manager)
rules.add_perm(RESULTS, is_leader | is_manager)
rules.add_perm(FRAMEWORK, is_leader | is_manager | has_audits)
rules.add_perm(AUDIT, is_assigned_auditor)
rules.add_perm(CASE_PANEL, is_editor)
rules.add_perm("insight.quality_landing", is_leader | is_manager | has_audits)
