"""Audit action tags as `area:object:action` and outcomes, stable for auditors' filters."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    SYSTEM_INIT = "system:database:init"
    AUTH_LOGIN = "auth:session:login"
    AUTH_DENIED = "auth:access:deny"
    USER_CREATE = "user:account:create"
    TOKEN_CREATE = "user:token:create"  # noqa: S105
    TOKEN_REVOKE = "user:token:revoke"  # noqa: S105
    CUSTOMER_CREATE = "customer:record:create"
    CUSTOMER_UPDATE = "customer:record:update"
    CUSTOMER_SEARCH = "customer:record:search"
    CUSTOMER_PII_READ = "customer:pii:read"
    CUSTOMER_KYC_STATUS = "customer:kyc:status"
    AUDIT_VERIFY = "audit:chain:verify"
    DOCUMENT_UPLOAD = "document:file:upload"
    DOCUMENT_CHECKED = "document:check:complete"
    DOCUMENT_READ = "document:result:read"
    DOCUMENT_IMAGE_READ = "document:image:read"
    DOCUMENT_REVIEW = "document:review:decide"
    REUPLOAD_REQUEST = "document:reupload:request"
    REUPLOAD_LINK_OPEN = "document:reupload:open"
    REUPLOAD_REVOKE = "document:reupload:revoke"
    AUDIT_SEARCH = "audit:entries:search"
    AUDIT_EXPORT = "audit:entries:export"
    AUDIT_CHECKPOINT = "audit:checkpoint:publish"
    KEY_ROTATE = "key:master:rotate"
    KEY_REWRAP = "key:data:rewrap"
    KEY_RETIRE = "key:master:retire"
    AML_INTAKE = "aml:transactions:ingest"
    AML_PARKED_RELEASE = "aml:parked:release"
    AML_SCHEDULED_RUN = "aml:rules:scheduled"
    AML_RULE_CHANGE = "aml:rule:change"
    ALERT_RAISE = "alert:record:raise"
    ALERT_HIT = "alert:record:hit"
    ALERT_READ = "alert:record:read"
    ALERT_CLOSE = "alert:record:close"
    SCREENING_LIST_IMPORT = "screening:list:import"
    SCREENING_RESCREEN = "screening:customers:rescreen"
    SCREENING_HIT_RAISE = "screening:hit:raise"
    SCREENING_HIT_READ = "screening:hit:read"
    SCREENING_HIT_REVIEW = "screening:hit:review"
    SCREENING_CHECK = "screening:name:check"
    CASE_OPEN = "case:record:open"
    CASE_READ = "case:record:read"
    CASE_STATE_CHANGE = "case:state:change"
    CASE_ASSIGN = "case:assignee:change"
    CASE_ALERT_ATTACH = "case:alert:attach"
    CASE_LINK = "case:customer:link"
    CASE_MERGE = "case:record:merge"
    CASE_COMMENT = "case:comment:add"
    CASE_PROPOSE = "case:approval:propose"
    CASE_APPROVE = "case:approval:approve"
    CASE_REJECT = "case:approval:reject"
    STR_READ = "str:draft:read"
    STR_UPDATE = "str:draft:update"
    STR_FILE = "str:report:file"


class Outcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILURE = "failure"


class Purpose(StrEnum):
    """Why personal data was read; every decrypted read names one."""

    CUSTOMER_SUPPORT = "customer_support"
    KYC_VERIFICATION = "kyc_verification"
    AML_INVESTIGATION = "aml_investigation"
    OPERATOR_INTEGRATION = "operator_integration"
    AML_MONITORING = "aml_monitoring"
    DATA_SUBJECT_REQUEST = "data_subject_request"
    SANCTIONS_SCREENING = "sanctions_screening"
