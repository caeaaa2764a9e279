"""/api/v1/audit: search, checkpoints, proofs and signed export bundles (read-only for
auditors; publishing a checkpoint only adds a signature over what is already there)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from audits import checkpoints as log
from audits.export import export_document
from audits.export_job import export_chunks, prepare_export
from audits.search import AuditFilter, search_entries
from audits.signing import AuditSigner, load_signer, public_pem, signing_key_path
from audits.tags import AuditAction
from audits.trail import AuditEvent, record
from kyc_service.api.audit_log_schemas import (
    AuditEntryPageSchema,
    AuditExportQuerySchema,
    AuditSearchSchema,
    CheckpointSchema,
    ConsistencyProofSchema,
    ConsistencyQuerySchema,
    InclusionProofSchema,
    InclusionQuerySchema,
)
from kyc_service.auth import current_actor
from kyc_service.core.errors import NotFound
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("audit_log", __name__, url_prefix="/api/v1/audit",
                description="Search, signed checkpoints, proofs and verifiable exports.")


def _signer() -> AuditSigner:
    return load_signer(signing_key_path(runtime().settings.key_file))


def _checkpoint_view(row: Any) -> dict[str, Any]:
    return {"tree_size": row.tree_size, "root_hash": row.root_hash, "issued_at": row.issued_at,
            "key_id": row.key_id, "note": row.note}


@blp.route("/entries", methods=["GET"])
@blp.arguments(AuditSearchSchema, location="query")
@blp.response(200, AuditEntryPageSchema)
def search(query: dict[str, Any]) -> dict[str, Any]:
    """Entries matching the filters, in sequence order, one page at a time."""
    audit_filter = AuditFilter.from_mapping(query)
    session = db_session()
    rows, next_after = search_entries(session, audit_filter, query["after_seq"], query["limit"])
    record(session, current_actor().audit_context(), AuditEvent(
        AuditAction.AUDIT_SEARCH, object_type="audit_log",
        details={"filters": audit_filter.as_dict(), "returned": len(rows)}))
    return {"items": [export_document(row) for row in rows], "next_after_seq": next_after}


@blp.route("/checkpoints/latest", methods=["GET"])
@blp.response(200, CheckpointSchema)
def latest_checkpoint() -> dict[str, Any]:
    """The most recent signed checkpoint."""
    row = log.latest_checkpoint(db_session())
    if row is None:
        raise NotFound("No checkpoint has been published yet.", code="no_checkpoint")
    return _checkpoint_view(row)


@blp.route("/checkpoints", methods=["POST"])
@blp.response(201, CheckpointSchema)
def publish_checkpoint() -> dict[str, Any]:
    """Sign a checkpoint over the log as it is now (reuses the latest if nothing new)."""
    row = log.publish_checkpoint(db_session(), _signer(), published_by=current_actor().user_id)
    return _checkpoint_view(row)


@blp.route("/public-key", methods=["GET"])
@blp.response(200)
def public_key() -> Response:
    """The Ed25519 public key (PEM) that signs checkpoints and export manifests."""
    return Response(public_pem(_signer().public_key), mimetype="application/x-pem-file")


@blp.route("/proof/inclusion", methods=["GET"])
@blp.arguments(InclusionQuerySchema, location="query")
@blp.response(200, InclusionProofSchema)
def inclusion_proof(query: dict[str, Any]) -> dict[str, Any]:
    """RFC 6962 audit path of entry `seq` in the tree of the first `tree_size` entries."""
    return log.inclusion(db_session(), query["seq"], query["tree_size"])


@blp.route("/proof/consistency", methods=["GET"])
@blp.arguments(ConsistencyQuerySchema, location="query")
@blp.response(200, ConsistencyProofSchema)
def consistency_proof(query: dict[str, Any]) -> dict[str, Any]:
    """RFC 6962 consistency proof between tree sizes `first` and `second`."""
    return log.consistency(db_session(), query["first"], query["second"])


@blp.route("/export", methods=["GET"])
@blp.arguments(AuditExportQuerySchema, location="query")
@blp.response(200)
def export_bundle(query: dict[str, Any]) -> Response:
    """A signed zip bundle (entries, proofs, checkpoint, manifest) streamed as it is
    written; verify it offline with `kyc audit verify-bundle`."""
    signer = _signer()
    spec = prepare_export(db_session(), signer, current_actor().audit_context(),
                          AuditFilter.from_mapping(query), query["format"],
                          query.get("consistent_with"))
    name = f"audit-export-{spec.tree_size}.zip"
    # The request commits (checkpoint and audit entry) before the body streams; the
    # generator reads through its own connection.
    return Response(export_chunks(runtime().engine, spec, signer), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
