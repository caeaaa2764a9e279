"""The one permission table: every endpoint and method, and the roles allowed.

Anything not listed is refused (fail closed), and a test walks every registered route to
prove nothing is missing. Object routes answer 404 on denial, so a role that may not see
a customer cannot tell it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from audits.tags import Purpose
from kyc_service.accounts.roles import ALL_ROLES, Role


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    public: bool = False
    hide_as_not_found: bool = False


PUBLIC = Permission(frozenset(), public=True)
ANY_ROLE = Permission(ALL_ROLES)


def allow(*roles: Role, hide_as_not_found: bool = False) -> Permission:
    return Permission(frozenset(roles), hide_as_not_found=hide_as_not_found)


CUSTOMER_READERS = (Role.AGENT, Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                    Role.INTEGRATION)
COMPLIANCE = (Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER)
CUSTOMER_WRITERS = (Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER, Role.INTEGRATION)
# People at the desk; the integration role is a system and has no pages.
WEB_CUSTOMER_READERS = (Role.AGENT, Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER)

PERMISSIONS: dict[tuple[str, str], Permission] = {
    ("GET", "health.health"): PUBLIC,
    ("GET", "api-docs.openapi_json"): PUBLIC,
    ("GET", "api-docs.openapi_swagger_ui"): PUBLIC,
    ("GET", "docs_assets.asset"): PUBLIC,
    ("POST", "auth.login"): PUBLIC,
    ("GET", "auth.whoami"): ANY_ROLE,
    ("DELETE", "auth.logout"): ANY_ROLE,
    ("POST", "customers.create_customer"): allow(*CUSTOMER_WRITERS),
    ("GET", "customers.list_customers"): allow(*CUSTOMER_READERS),
    ("GET", "customers.get_customer"): allow(*CUSTOMER_READERS, hide_as_not_found=True),
    ("PATCH", "customers.update_customer"): allow(*CUSTOMER_WRITERS, hide_as_not_found=True),
    ("GET", "audit.verify_chain"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.search"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.latest_checkpoint"): allow(Role.AUDITOR, Role.ADMIN),
    ("POST", "audit_log.publish_checkpoint"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.public_key"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.inclusion_proof"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.consistency_proof"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "audit_log.export_bundle"): allow(Role.AUDITOR, Role.ADMIN),
    ("POST", "documents.upload_document"): allow(*CUSTOMER_READERS, hide_as_not_found=True),
    ("GET", "documents.list_documents"): allow(*CUSTOMER_READERS, hide_as_not_found=True),
    ("GET", "documents.get_document"): allow(*CUSTOMER_READERS, hide_as_not_found=True),
    ("POST", "reupload.create_reupload_request"): allow(*CUSTOMER_READERS,
                                                       hide_as_not_found=True),
    ("GET", "reupload.get_reupload_request"): allow(*CUSTOMER_READERS, hide_as_not_found=True),
    ("POST", "reupload.revoke_reupload_request"): allow(*CUSTOMER_READERS,
                                                       hide_as_not_found=True),
    ("GET", "review.review_queue"): allow(*COMPLIANCE),
    ("GET", "review.document_extraction"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "review.document_image"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "review.review_document"): allow(*COMPLIANCE, hide_as_not_found=True),
    # Pages (kyc_service.web): checked against the session user, not a bearer token.
    ("GET", "web.static"): PUBLIC,
    ("GET", "web.sign_in"): PUBLIC,
    ("POST", "web.sign_in"): PUBLIC,
    ("POST", "web.set_language"): PUBLIC,
    ("POST", "web.sign_out"): ANY_ROLE,
    ("GET", "web.home"): ANY_ROLE,
    ("POST", "web.find_customer"): allow(*WEB_CUSTOMER_READERS),
    ("GET", "web.customer"): allow(*WEB_CUSTOMER_READERS, hide_as_not_found=True),
    ("GET", "web.customer_documents_json"): allow(*WEB_CUSTOMER_READERS,
                                                  hide_as_not_found=True),
    ("POST", "web.create_reupload"): allow(*WEB_CUSTOMER_READERS, hide_as_not_found=True),
    # Officers' case pages: compliance staff only; agents never learn of cases or STRs.
    ("GET", "web.cases"): allow(*COMPLIANCE),
    ("GET", "web.case_page"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_take"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_assign"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("POST", "web.case_move"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_close"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_comment"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_attachment_upload"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "web.case_attachment_download"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.proposal_approve"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("POST", "web.proposal_reject"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("POST", "web.case_hit_review"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_hit_whitelist"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "web.document_review"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "web.document_review_image"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.document_review_decide"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "web.dashboard"): allow(*COMPLIANCE),
    ("GET", "web.str_print"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_link"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.case_merge"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "web.cases_bulk_assign"): allow(Role.COMPLIANCE_MANAGER),
    ("POST", "web.cases_bulk_close"): allow(Role.COMPLIANCE_MANAGER),
    ("POST", "web.cases_auto_assign"): allow(Role.COMPLIANCE_MANAGER),
    ("GET", "web.str_pdf"): allow(*COMPLIANCE, hide_as_not_found=True),
    # The player's upload page: the signed one-time link is the authorisation.
    ("GET", "web.player_open"): PUBLIC,
    ("GET", "web.player_page"): PUBLIC,
    ("POST", "web.player_upload"): PUBLIC,
    ("GET", "web.player_status"): PUBLIC,
    ("GET", "web.audit_page"): allow(Role.AUDITOR, Role.ADMIN),
    ("POST", "web.audit_verify"): allow(Role.AUDITOR, Role.ADMIN),
    ("GET", "web.audit_export"): allow(Role.AUDITOR, Role.ADMIN),
    # Screening: compliance staff only; agents must not learn of hits (tipping-off).
    ("POST", "screening.check"): allow(Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER),
    ("GET", "screening.list_customer_hits"): allow(Role.COMPLIANCE_OFFICER,
                                                   Role.COMPLIANCE_MANAGER,
                                                   hide_as_not_found=True),
    ("POST", "screening.review"): allow(Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                                        hide_as_not_found=True),
    ("GET", "screening.lists"): allow(Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                                      Role.AUDITOR, Role.ADMIN),
    # AML monitoring. Alerts and rules are never shown to agents (tipping-off).
    ("POST", "transactions.ingest_transactions"): allow(Role.INTEGRATION,
                                                        Role.COMPLIANCE_OFFICER,
                                                        Role.COMPLIANCE_MANAGER),
    ("GET", "alerts.list_alerts_view"): allow(Role.COMPLIANCE_OFFICER,
                                              Role.COMPLIANCE_MANAGER, Role.AUDITOR),
    ("GET", "alerts.get_alert_view"): allow(Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                                            Role.AUDITOR, hide_as_not_found=True),
    ("POST", "alerts.close_alert_view"): allow(Role.COMPLIANCE_OFFICER,
                                               Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("GET", "rules.list_rules"): allow(Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                                       Role.AUDITOR),
    ("PATCH", "rules.update_rule"): allow(Role.COMPLIANCE_MANAGER),
    # Case management: compliance staff only; agents never learn of cases or STRs.
    ("GET", "cases.list_case_queue"): allow(*COMPLIANCE),
    ("POST", "cases.open_case"): allow(*COMPLIANCE),
    ("GET", "cases.get_case_view"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.transition_case"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.assign_case"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.comment_case"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.link_case_customer"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.merge_case"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.propose_closure"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.propose_whitelist"): allow(*COMPLIANCE),
    ("GET", "cases.list_proposals"): allow(*COMPLIANCE),
    ("POST", "cases.approve_proposal"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("POST", "cases.reject_proposal"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
    ("POST", "cases.bulk_assign"): allow(Role.COMPLIANCE_MANAGER),
    ("POST", "cases.bulk_close_false_positive"): allow(Role.COMPLIANCE_MANAGER),
    ("POST", "cases.auto_assign"): allow(Role.COMPLIANCE_MANAGER),
    ("GET", "cases.get_str"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("PATCH", "cases.edit_str"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "cases.file_str"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "str_reports.download_str_pdf"): allow(*COMPLIANCE, hide_as_not_found=True),
    # Evidence files on cases: like the case itself, compliance staff only.
    ("POST", "case_attachments.upload_attachment"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "case_attachments.list_case_attachments"): allow(*COMPLIANCE,
                                                             hide_as_not_found=True),
    ("GET", "case_attachments.download_attachment"): allow(*COMPLIANCE,
                                                           hide_as_not_found=True),
    # Compliance figures (no personal data); /metrics is scraped with a bearer token.
    ("GET", "metrics.compliance"): allow(*COMPLIANCE, Role.AUDITOR),
    ("GET", "metrics.prometheus"): allow(Role.COMPLIANCE_MANAGER, Role.AUDITOR, Role.ADMIN),
    # Data-subject requests and the restricted AML view: compliance staff only.
    ("POST", "privacy.create_request"): allow(*COMPLIANCE),
    ("GET", "privacy.get_request"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "privacy.export_request"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("GET", "privacy.restricted_view"): allow(*COMPLIANCE, hide_as_not_found=True),
    ("POST", "privacy.place_hold"): allow(Role.COMPLIANCE_MANAGER),
    ("POST", "privacy.release_hold"): allow(Role.COMPLIANCE_MANAGER, hide_as_not_found=True),
}

# Who sees personal data whole; everyone else allowed to read gets masked values.
FULL_DISCLOSURE_ROLES = frozenset({Role.COMPLIANCE_OFFICER, Role.COMPLIANCE_MANAGER,
                                   Role.INTEGRATION})

DEFAULT_PURPOSE = {
    Role.AGENT: Purpose.CUSTOMER_SUPPORT,
    Role.COMPLIANCE_OFFICER: Purpose.KYC_VERIFICATION,
    Role.COMPLIANCE_MANAGER: Purpose.KYC_VERIFICATION,
    Role.INTEGRATION: Purpose.OPERATOR_INTEGRATION,
}


def permission_for(method: str, endpoint: str | None) -> Permission | None:
    if endpoint is None:
        return None
    if method == "HEAD":
        method = "GET"
    if method == "OPTIONS":
        return ANY_ROLE
    return PERMISSIONS.get((method, endpoint))


def acting_role(user_roles: frozenset[str], permission: Permission) -> Role | None:
    """The role a request acts in: the first of the user's roles the endpoint allows."""
    for role in Role:  # definition order: the least privileged role that fits first
        if role.value in user_roles and role in permission.roles:
            return role
    return None
