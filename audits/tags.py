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
    AUDIT_SEARCH = "audit:entries:search"
    AUDIT_EXPORT = "audit:entries:export"
    AUDIT_CHECKPOINT = "audit:checkpoint:publish"
    KEY_ROTATE = "key:master:rotate"
    KEY_REWRAP = "key:data:rewrap"
    KEY_RETIRE = "key:master:retire"
    DOCUMENT_UPLOAD = "document:file:upload"
    DOCUMENT_CHECKED = "document:check:complete"
    DOCUMENT_READ = "document:result:read"
    DOCUMENT_IMAGE_READ = "document:image:read"
    DOCUMENT_REVIEW = "document:review:decide"
    REUPLOAD_REQUEST = "document:reupload:request"
    REUPLOAD_LINK_OPEN = "document:reupload:open"
    REUPLOAD_REVOKE = "document:reupload:revoke"


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
    DATA_SUBJECT_REQUEST = "data_subject_request"
