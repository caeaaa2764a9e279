"""The Screening hits section of the case page: an officer reviews a hit, proposes its
whitelisting, and only another compliance manager's approval makes re-screening
suppress the match; refusals say why and change nothing; agents never see any of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cases.casework.models import Case, CaseProposal
from cases.screening_store.commands import import_list_file
from cases.screening_store.models import FalsePositiveDecision, ScreeningHit
from tests.unit.cases.test_screening_store import CTX, KARA, SETTINGS, rescreen, write_un
from tests.web.support import csrf_token
from tests.web.test_case_pages import case_for, page, post, staff_client


@pytest.fixture
def listed(rt, tmp_path, make_customer):
    """A customer who matches a UN entry, and the case the screening alert opened."""
    import_list_file(rt.session_factory, CTX, write_un(tmp_path, [KARA]), "un-xml", "UN",
                     SETTINGS)
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna",
                             birth_date="1961-04-12")
    with rt.session_factory() as session:
        case = session.scalars(select(Case).where(Case.customer_id == customer["id"])).one()
        hit = session.scalars(select(ScreeningHit).where(
            ScreeningHit.customer_id == customer["id"])).one()
        return case.id, hit.id


def hit_state(rt, hit_id):
    """(status, whitelisting approved by, pending proposal ids) as stored."""
    with rt.session_factory() as session:
        hit = session.get_one(ScreeningHit, hit_id)
        decision = session.scalar(select(FalsePositiveDecision).where(
            FalsePositiveDecision.hit_id == hit_id))
        pending = list(session.scalars(select(CaseProposal.id).where(
            CaseProposal.hit_id == hit_id, CaseProposal.status == "pending")))
        return hit.status, decision.approved_by if decision else None, pending


def section(html):
    return html.split('id="hits-title"')[1].split("</section>")[0]


def review(client, case_id, hit_id, decision="false_positive", reason="Other father."):
    return post(client, f"/cases/{case_id}/screening-hits/{hit_id}/review",
                decision=decision, reason=reason)


def propose(client, case_id, hit_id):
    return post(client, f"/cases/{case_id}/screening-hits/{hit_id}/whitelist",
                rationale="Born in İzmir, the listed person in Mardin.")


def test_whitelisting_needs_another_manager_and_then_suppresses_the_match(
        client, app, rt, listed):
    case_id, hit_id = listed
    path = f"/cases/{case_id}"
    staff_client(client, rt, "compliance_officer", "compliance_manager")
    html = section(page(client, path))
    assert 'data-testid="hit-review"' in html and "Open" in html

    empty = review(client, case_id, hit_id, reason="  ")
    assert empty.status_code == 303
    assert "Write the reason for your review" in page(client, path)
    assert hit_state(rt, hit_id)[0] == "open"

    reviewed = review(client, case_id, hit_id)
    assert reviewed.headers["Location"].endswith(f"{path}#hits-title")
    html = section(page(client, path))
    assert 'data-testid="whitelist-pending"' in html and "Other father." in html
    assert 'data-testid="hit-propose"' in html and 'data-testid="hit-review"' not in html

    assert propose(client, case_id, hit_id).status_code == 303
    html = page(client, path)
    assert "now waits for a compliance manager" in html
    assert 'data-testid="whitelist-proposal"' in section(html)
    assert 'data-testid="whitelist-four-eyes-note"' in section(html)  # no buttons for them
    (proposal_id,) = hit_state(rt, hit_id)[2]
    again = propose(client, case_id, hit_id)
    assert again.status_code == 303
    assert "already waiting for approval" in page(client, path)

    forged = post(client, f"/proposals/{proposal_id}/approve", case_id=case_id)
    assert forged.headers["Location"].endswith(f"{path}#hits-title")
    assert "You cannot approve your own proposal" in page(client, path)
    assert hit_state(rt, hit_id) == ("false_positive", None, [proposal_id])
    assert rescreen(rt).suppressed == 0

    officer = app.test_client()
    staff_client(officer, rt, "compliance_officer")
    assert post(officer, f"/proposals/{proposal_id}/approve",
                case_id=case_id).status_code == 404  # officers never decide proposals
    assert hit_state(rt, hit_id)[1] is None

    manager = app.test_client()
    staff_client(manager, rt, "compliance_manager")
    assert 'data-testid="whitelist-four-eyes-note"' not in section(page(manager, path))
    approved = post(manager, f"/proposals/{proposal_id}/approve", case_id=case_id)
    assert approved.headers["Location"].endswith(f"{path}#hits-title")
    html = page(manager, path)
    assert "The whitelisting was approved" in html
    assert 'data-testid="whitelisted"' in section(html)
    assert 'data-testid="whitelist-proposal"' not in section(html)
    status, approver, pending = hit_state(rt, hit_id)
    assert (status, pending) == ("false_positive", []) and approver is not None
    outcome = rescreen(rt)
    assert (outcome.suppressed, outcome.pending_approval) == (1, 0)


def test_a_rejected_whitelisting_reopens_the_hit_for_review(client, app, rt, listed):
    case_id, hit_id = listed
    path = f"/cases/{case_id}"
    staff_client(client, rt, "compliance_officer")
    review(client, case_id, hit_id)
    propose(client, case_id, hit_id)
    (proposal_id,) = hit_state(rt, hit_id)[2]

    manager = app.test_client()
    staff_client(manager, rt, "compliance_manager")
    no_note = post(manager, f"/proposals/{proposal_id}/reject", case_id=case_id, note="")
    assert no_note.status_code == 303
    assert "Please write the text this step needs." in page(manager, path)
    assert hit_state(rt, hit_id)[2] == [proposal_id]

    rejected = post(manager, f"/proposals/{proposal_id}/reject", case_id=case_id,
                    note="Same birth date: check the passport.")
    assert rejected.headers["Location"].endswith(f"{path}#hits-title")
    html = page(manager, path)
    assert "the hit is open for review again" in html
    assert 'data-testid="hit-review"' in section(html)
    assert hit_state(rt, hit_id) == ("open", None, [])


def test_a_confirmed_match_shows_as_such_and_cannot_be_whitelisted(client, rt, listed):
    case_id, hit_id = listed
    path = f"/cases/{case_id}"
    staff_client(client, rt, "compliance_officer")
    assert review(client, case_id, hit_id, "confirmed", "Passport matches.").status_code == 303
    html = section(page(client, path))
    assert 'badge-hit-confirmed" data-testid="hit-status">Confirmed match<' in html
    assert 'data-testid="hit-propose"' not in html and 'data-testid="hit-review"' not in html
    propose(client, case_id, hit_id)
    assert "Only a hit reviewed as a false positive can be whitelisted." in page(client, path)
    assert review(client, case_id, hit_id).status_code == 303
    assert "This hit was already reviewed" in page(client, path)
    assert hit_state(rt, hit_id) == ("confirmed", None, [])


def test_the_return_page_is_always_the_hit_customers_case(client, app, rt, listed,
                                                          make_customer):
    """A forged case id in an approval form, or a hit of another customer under this
    case's address, leads nowhere else."""
    case_id, hit_id = listed
    officer = app.test_client()
    staff_client(officer, rt, "compliance_officer")
    review(officer, case_id, hit_id)
    propose(officer, case_id, hit_id)
    (proposal_id,) = hit_state(rt, hit_id)[2]
    other_case = case_for(rt, make_customer()["id"])
    staff_client(client, rt, "compliance_manager")
    for hint in ("https://evil.example/", "//evil.example", other_case.id):
        response = post(client, f"/proposals/{proposal_id}/reject", case_id=hint, note="")
        assert response.headers["Location"].endswith(f"/cases/{case_id}#hits-title"), hint
    assert post(client, f"/cases/{other_case.id}/screening-hits/{hit_id}/review",
                decision="confirmed", reason="x").status_code == 404
    assert hit_state(rt, hit_id)[0] == "false_positive"


def test_agents_get_404_and_forms_without_the_csrf_token_are_refused(client, app, rt,
                                                                      listed):
    case_id, hit_id = listed
    agent = app.test_client()
    staff_client(agent, rt, "agent")
    token = csrf_token(agent, "/")
    assert agent.get(f"/cases/{case_id}").status_code == 404
    for action, form in (("review", {"decision": "confirmed", "reason": "x"}),
                         ("whitelist", {"rationale": "x"})):
        response = agent.post(f"/cases/{case_id}/screening-hits/{hit_id}/{action}",
                              data={"csrf_token": token, **form})
        assert response.status_code == 404, action

    staff_client(client, rt, "compliance_officer")
    response = client.post(f"/cases/{case_id}/screening-hits/{hit_id}/review",
                           data={"decision": "confirmed", "reason": "No token"})
    assert response.status_code == 400
    assert hit_state(rt, hit_id)[0] == "open"
