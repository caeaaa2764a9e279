"""The queue's bulk bar (managers only: assign, close as false positive, with per-case
refusals), and the case page's link-customer and merge forms, with stale forms that
change nothing."""

from __future__ import annotations

from sqlalchemy import select

from cases.casework.models import CaseCustomer, CaseEvent
from kyc_service.accounts.models import UserRole
from tests.web.support import csrf_token
from tests.web.test_case_pages import (
    audit_actions,
    case_for,
    current,
    page,
    post,
    staff_client,
    version_on,
)

QUEUE = "/cases?queue=all"


def bulk(client, action, *picks, **form):
    """Tick rows (`(case, version)` pairs) and press one of the bulk bar's buttons."""
    data = {"csrf_token": csrf_token(client, QUEUE), "back": QUEUE,
            "case": [f"{case.id}:{version}" for case, version in picks], **form}
    return client.post(f"/cases/bulk/{action}", data=data)


def officer_id(rt):
    with rt.session_factory() as session:
        return session.scalars(select(UserRole.user_id).where(
            UserRole.role == "compliance_officer")).one()


def test_manager_sees_a_labelled_checkbox_per_row_and_assigns_the_selected_cases(
        client, app, rt, make_customer):
    cases = [case_for(rt, make_customer()["id"], score=40) for _ in range(3)]
    staff_client(app.test_client(), rt, "compliance_officer")
    staff_client(client, rt, "compliance_manager")
    html = page(client, QUEUE)
    assert 'data-testid="bulk-bar"' in html
    for case in cases:
        assert f'value="{case.id}:{case.version}" id="pick-{case.id}"' in html
        assert f'<label for="pick-{case.id}" class="visually-hidden">Select case {case.id[:8]}' \
            in html
    target = officer_id(rt)
    assert f'<option value="{target}">' in html

    stale = cases[2]
    response = bulk(client, "assign", (cases[0], cases[0].version),
                    (cases[1], cases[1].version), (stale, stale.version - 1),
                    assignee_id=target)
    assert (response.status_code, response.headers["Location"]) == (303, QUEUE)
    html = page(client, QUEUE)
    assert "Assigned: 2 of 3 selected cases." in html
    assert f"Case {stale.id[:8]} was not changed: It changed after this page was loaded" \
        in html
    assert [current(rt, c.id).assignee_id for c in cases] == [target, target, None]
    assert "case:assignee:change" in audit_actions(rt, cases[0].id)
    assert "case:assignee:change" not in audit_actions(rt, stale.id)


def test_bulk_close_needs_a_rationale_and_refuses_high_risk_cases(client, rt, make_customer):
    low = case_for(rt, make_customer()["id"], score=30)
    high = case_for(rt, make_customer()["id"], score=90)
    staff_client(client, rt, "compliance_manager")

    picks = (low, low.version), (high, high.version)
    without = bulk(client, "close-false-positive", *picks, rationale="  ")
    assert without.status_code == 303
    assert "Please write the text this step needs." in page(client, QUEUE)
    assert current(rt, low.id).status == "open"

    bulk(client, "close-false-positive", *picks,
         rationale="Payroll deposits from a known employer")
    html = page(client, QUEUE)
    assert "Closed as false positives: 1 of 2 selected cases." in html
    assert f"Case {high.id[:8]} was not changed: This case needs a compliance manager's " \
           "approval" in html.replace("&#39;", "'")
    closed, kept = current(rt, low.id), current(rt, high.id)
    assert (closed.status, closed.disposition) == ("closed", "false_positive")
    assert (kept.status, kept.version) == ("open", high.version)
    assert "case:state:change" in audit_actions(rt, low.id)
    assert "case:state:change" not in audit_actions(rt, high.id)


def test_officers_see_no_bulk_bar_and_the_bulk_routes_answer_403(client, rt, make_customer):
    case = case_for(rt, make_customer()["id"], score=30)
    staff_client(client, rt, "compliance_officer")
    html = page(client, QUEUE)
    assert f'data-case="{case.id}"' in html
    assert 'data-testid="bulk-bar"' not in html and 'name="case"' not in html
    for action, form in (("assign", {"assignee_id": officer_id(rt)}),
                         ("close-false-positive", {"rationale": "Known pattern"})):
        assert bulk(client, action, (case, case.version), **form).status_code == 403
    after = current(rt, case.id)
    assert (after.status, after.assignee_id, after.version) == ("open", None, case.version)


def test_bulk_forms_without_the_csrf_token_are_refused(client, rt, make_customer):
    case = case_for(rt, make_customer()["id"], score=30)
    staff_client(client, rt, "compliance_manager")
    response = client.post("/cases/bulk/close-false-positive", data={
        "case": f"{case.id}:{case.version}", "rationale": "Known pattern"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert current(rt, case.id).status == "open"


def test_link_form_links_a_customer_by_player_id_and_a_stale_form_changes_nothing(
        client, app, rt, make_customer):
    case = case_for(rt, make_customer()["id"])
    other = make_customer()
    staff_client(client, rt, "compliance_officer")
    path = f"/cases/{case.id}"
    read = version_on(page(client, path))
    rival = app.test_client()
    staff_client(rival, rt, "compliance_officer")
    post(rival, f"{path}/take", version=version_on(page(rival, path)))

    stale = post(client, f"{path}/link", version=read, player_id=other["external_ref"],
                 kind="shared_device")
    assert stale.status_code == 303
    assert "Someone changed this case while you were looking at it" in page(client, path)
    unknown = post(client, f"{path}/link", version=version_on(page(client, path)),
                   player_id="no-such-player", kind="shared_device")
    assert unknown.status_code == 303
    assert "No customer has this player id" in page(client, path)
    with rt.session_factory() as session:
        assert session.scalars(select(CaseCustomer)).all() == []

    post(client, f"{path}/link", version=version_on(page(client, path)),
         player_id=other["external_ref"], kind="shared_device")
    html = page(client, path)
    assert "The customer was linked to this case." in html
    listed = html.split('data-testid="linked-customers"')[1].split("</ul>")[0]
    assert f'href="/customers/{other["id"]}"' in listed and "Shared device" in listed
    assert "case:customer:link" in audit_actions(rt, case.id)


def test_merge_form_folds_the_case_into_another_and_the_merged_page_links_to_it(
        client, app, rt, make_customer):
    source = case_for(rt, make_customer()["id"])
    target = case_for(rt, make_customer()["id"])
    staff_client(client, rt, "compliance_officer")
    path = f"/cases/{source.id}"
    read = version_on(page(client, path))
    rival = app.test_client()
    staff_client(rival, rt, "compliance_officer")
    post(rival, f"{path}/take", version=version_on(page(rival, path)))

    post(client, f"{path}/merge", version=read, into_case=target.id[:8],
         reason="Same card used by both players")
    assert "Someone changed this case while you were looking at it" in page(client, path)
    assert current(rt, source.id).status == "open"
    post(client, f"{path}/merge", version=version_on(page(client, path)), into_case="zzzzzzzz",
         reason="Same card")
    assert "No case has this id" in page(client, path)

    post(client, f"{path}/merge", version=version_on(page(client, path)),
         into_case=target.id[:8], reason="Same card used by both players")
    merged = current(rt, source.id)
    assert (merged.status, merged.merged_into_id) == ("merged", target.id)
    html = page(client, path)
    note = html.split('data-testid="merged-into"')[1].split("</p>")[0]
    assert f'href="/cases/{target.id}"' in note and target.id[:8] in note
    assert 'data-testid="merge-form"' not in html and 'data-testid="link-form"' not in html
    assert "Same card used by both players" in page(client, f"/cases/{target.id}")
    with rt.session_factory() as session:
        kinds = set(session.scalars(select(CaseEvent.kind).where(
            CaseEvent.case_id.in_([source.id, target.id]))))
    assert {"merged", "merged_in"} <= kinds
    assert "case:record:merge" in audit_actions(rt, target.id)


def test_manager_hands_out_the_most_urgent_unassigned_cases_in_turn(
        client, app, rt, make_customer):
    urgent = case_for(rt, make_customer()["id"], score=90)
    medium = case_for(rt, make_customer()["id"], score=60)
    low = case_for(rt, make_customer()["id"], score=20)
    staff_client(app.test_client(), rt, "compliance_officer")
    staff_client(app.test_client(), rt, "compliance_officer")
    officer = app.test_client()
    staff_client(officer, rt, "compliance_officer")
    refused = officer.post("/cases/bulk/auto-assign",
                           data={"csrf_token": csrf_token(officer, QUEUE), "limit": "2"})
    assert refused.status_code == 403
    assert current(rt, urgent.id).assignee_id is None

    staff_client(client, rt, "compliance_manager")
    assert 'data-testid="auto-assign"' in page(client, QUEUE)
    response = client.post("/cases/bulk/auto-assign", data={
        "csrf_token": csrf_token(client, QUEUE), "back": QUEUE, "limit": "2"})
    assert (response.status_code, response.headers["Location"]) == (303, QUEUE)
    assert "2 unassigned cases were handed out to officers in turn" in page(client, QUEUE)
    given = [current(rt, c.id).assignee_id for c in (urgent, medium, low)]
    assert given[0] and given[1] and given[0] != given[1] and given[2] is None
    assert "case:assignee:change" in audit_actions(rt, urgent.id)
