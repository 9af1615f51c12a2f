"""The fund's audit entries get their namespaced codes (`fund.application.submitted`, ...).

The mapping is frozen here (logbuch/fund/audit.py may grow); reversible.
"""

from django.db import migrations

OLD_TO_NEW = {
    "fund_create": "fund.fund.created",
    "fund_reallocate": "fund.fund.reallocated",
    "fund_allocation_reduce": "fund.fund.allocation_reduced",
    "fund_source_add": "fund.source.added",
    "category_create": "fund.category.created",
    "category_update": "fund.category.updated",
    "category_budget_set": "fund.category.budget_set",
    "call_create": "fund.call.created",
    "jury_member_add": "fund.jury.member_added",
    "jury_conflict_declare": "fund.jury.conflict_declared",
    "jury_vote_cast": "fund.jury.vote_cast",
    "application_submit": "fund.application.submitted",
    "application_review_start": "fund.application.review_started",
    "application_mark_voting": "fund.application.put_to_vote",
    "application_decide": "fund.application.decided",
    "application_close": "fund.application.closed",
    "attachment_add": "fund.attachment.added",
    "question_ask": "fund.question.asked",
    "question_answer": "fund.question.answered",
    "payout_make": "fund.payout.made",
    "proof_submit": "fund.proof.submitted",
    "proof_check": "fund.proof.checked",
    "proof_missing_claim": "fund.proof.missing_claimed",
    "repayment_record": "fund.repayment.recorded",
    "fund_voting_create": "fund.voting.created",
    "fund_voting_update": "fund.voting.updated",
    "fund_voting_codes": "fund.voting.codes_created",
    "fund_voting_count": "fund.voting.counted",
    "fund_assembly_record": "fund.assembly.recorded",
}


def _rename(apps, mapping):
    entry = apps.get_model("towns", "AuditEntry")
    for old, new in mapping.items():
        entry.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0006_erasure_keeps_ledger_and_applications"),
        ("towns", "0004_email_normalized"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
