"""`decide` reading `offeror.sam`: malformed records, and the local SAM snapshot.

Each snapshot test builds its snapshot in its own data directory and decides with a runtime
built after it (as the CLI's `holder.reload()` does): nothing is cached between runtimes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from section889.errors import InputError
from section889.rules.determination import Determination
from section889.rules.inputs import Procurement, parse_procurement
from section889.services.determinations import Decider
from section889.services.runtime import Runtime, RuntimeHolder
from section889.services.sam_checks import build_sam_snapshot
from section889.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"
AS_OF = dt.date(2026, 7, 1)
Decide = Callable[[Procurement], Determination]
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def holder(tmp_path: Path, shipped_runtime: Runtime) -> Iterator[RuntimeHolder]:
    """A runtime over its own data directory (sharing the shipped knowledge base)."""
    runtime = Runtime(Settings(data_dir=tmp_path / "data"), kb=shipped_runtime.kb)
    holder = RuntimeHolder(runtime)
    yield holder
    holder.close()


def _snapshot(
    holder: RuntimeHolder, *extracts: Path | None, exclusions: Path | None = None
) -> None:
    """Build a snapshot of AS_OF in the holder's data directory and reload, as the CLI does."""
    entities = extracts[0] if extracts else None
    build_sam_snapshot(
        holder.current.sam_dir, entities=entities, exclusions=exclusions, as_of=AS_OF
    )
    holder.reload()


@pytest.fixture
def decide(holder: RuntimeHolder) -> Decide:
    """Decide with the holder's current runtime (a fresh batch each call)."""
    return lambda proc: Decider(holder.current).decide(proc)


def _record() -> dict[str, Any]:
    data = json.loads((FIXTURES / "entities_api_response.json").read_text(encoding="utf-8"))
    record: dict[str, Any] = copy.deepcopy(data["entityData"][0])
    record["entityRegistration"]["registrationExpirationDate"] = "2030-01-31"
    return record


def _input(record: object, **offeror: object) -> dict[str, Any]:
    return {
        "action": {"type": "award", "date": "2021-06-01"},
        "agency": {"name": "Department of State"},
        "offeror": {"name": "Example", "sam": record, **offeror},
    }


def test_malformed_sam_record_names_the_field_path(decide: Decide) -> None:
    record = _record()
    del record["entityRegistration"]["ueiSAM"]
    with pytest.raises(InputError, match=r"offeror\.sam\.entityRegistration\.ueiSAM: missing"):
        parse_procurement(_input(record), where="p.yaml")
    wrong = _record()
    wrong["repsAndCerts"]["certifications"]["fARResponses"] = "No"
    with pytest.raises(InputError, match=r"offeror\.sam\.repsAndCerts\.certifications\.fAR"):
        parse_procurement(_input(wrong))
    # a Procurement built without parse_procurement is checked by decide itself
    proc = Procurement.model_validate(_input({"entityRegistration": {"ueiSAM": 5}}))
    with pytest.raises(InputError, match=r"offeror\.sam\.entityRegistration\.ueiSAM: expected"):
        decide(proc)


def test_cli_malformed_sam_exits_2_without_traceback(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_input({"entityRegistration": None})), encoding="utf-8")
    done = run_cli("decide", path)
    assert done.returncode == 2
    assert "offeror.sam.entityRegistration: missing (required)" in done.stderr
    assert "Traceback" not in done.stderr


def test_fixture_record_is_relied_on_as_represented(decide: Decide) -> None:
    d = decide(parse_procurement(_input(_record())))
    assert d.sam_snapshot is None  # no local snapshot in the test data dir
    sam_reasons = [r for r in d.reasons if r.rule_id == "reps.sam_26c"]
    assert sam_reasons and all("represented in SAM" in r.finding for r in sam_reasons)
    assert not any("verified" in r.finding.replace("not a verification", "") for r in d.reasons)
    assert sam_reasons[0].citation.url == "https://www.acquisition.gov/far/52.204-24"


def test_snapshot_exclusion_is_looked_up_and_enters_the_decision_id(
    holder: RuntimeHolder, decide: Decide
) -> None:
    record = _record()
    record["entityRegistration"]["ueiSAM"] = "G6XJYD71J617"  # listed in the exclusions fixture
    record["entityRegistration"]["cageCode"] = None
    proc = parse_procurement(_input(record))
    before = decide(proc)
    assert before.sam_snapshot is None
    _snapshot(holder, exclusions=FIXTURES / "exclusions_sample_csv_response.csv")
    after = decide(proc)
    assert after.sam_snapshot == "2026-07-01"
    assert after.decision_id != before.decision_id
    assert after.outcome == before.outcome  # an exclusion alone does not change the 889 outcome
    assert "check_sam_exclusion" in {a.id for a in after.required_actions}
    assert "sam_exclusion" in {c.id for c in after.cross_references}
    assert decide(proc).decision_id == after.decision_id  # stable
    clean = decide(parse_procurement(_input(_record())))
    assert clean.sam_snapshot == "2026-07-01"
    assert "check_sam_exclusion" not in {a.id for a in clean.required_actions}
    assert any("lists no exclusion" in r.finding for r in clean.reasons)


def test_a_runtime_built_before_the_snapshot_does_not_see_it(holder: RuntimeHolder) -> None:
    """The snapshot belongs to the runtime: one that looked earlier keeps deciding without it."""
    proc = _by_uei("G6XJYD71J617", "USA Remediation Services, Inc")
    old = holder.current
    assert Decider(old).decide(proc, as_of=AS_OF).sam_snapshot is None
    _snapshot(holder, exclusions=FIXTURES / "exclusions_sample_csv_response.csv")
    assert Decider(old).decide(proc, as_of=AS_OF).sam_snapshot is None
    assert Decider(holder.current).decide(proc, as_of=AS_OF).sam_snapshot == "2026-07-01"


def test_no_offeror_id_means_no_snapshot_lookup(holder: RuntimeHolder, decide: Decide) -> None:
    _snapshot(holder, exclusions=FIXTURES / "exclusions_sample_csv_response.csv")
    proc = parse_procurement(
        {"action": {"type": "award", "date": "2021-06-01"}, "agency": {"name": "GSA"}}
    )
    assert decide(proc).sam_snapshot is None


ENTITIES = FIXTURES / "entity_extract_public.dat"
HEADERLESS = FIXTURES / "entity_extract_v2_headerless.dat"


def _by_uei(uei: str, name: str) -> Procurement:
    return parse_procurement(
        {
            "action": {"type": "award", "date": "2021-06-01"},
            "agency": {"name": "Department of State"},
            "offeror": {"name": name, "uei": uei},
        }
    )


def _snapshot_reasons(d: Any) -> list[str]:
    return [r.finding for r in d.reasons if r.rule_id == "sam.snapshot_registration"]


def test_snapshot_entity_active_registration_is_reported(
    holder: RuntimeHolder, decide: Decide
) -> None:
    proc = _by_uei("ZQGGHJH74DW7", "International Business Machines Corp.")
    before = decide(proc)
    _snapshot(holder, ENTITIES)
    d = decide(proc)
    (finding,) = _snapshot_reasons(d)
    assert "registration status Active" in finding and "expires 2021-08-10" in finding
    assert "active on 2021-06-01" in finding and "not active" not in finding
    assert "only registration information" in finding  # no offeror.sam given
    assert d.sam_snapshot == "2026-07-01" and d.decision_id != before.decision_id
    assert d.outcome == before.outcome
    assert not any("not active" in n or "differs" in n for n in d.notices)
    reason = next(r for r in d.reasons if r.rule_id == "sam.snapshot_registration")
    assert reason.citation.url == "https://www.acquisition.gov/far/52.204-24"


def test_snapshot_entity_expired_registration_adds_a_notice(
    holder: RuntimeHolder, decide: Decide
) -> None:
    _snapshot(holder, ENTITIES)
    d = decide(_by_uei("G6XJYD71J617", "USA Remediation Services, Inc"))
    (finding,) = _snapshot_reasons(d)
    assert "registration status Expired" in finding and "not active on 2021-06-01" in finding
    assert any("registration of G6XJYD71J617 is not active" in n for n in d.notices)
    # with offeror.sam given, the snapshot is not the only registration information
    record = _record()
    record["entityRegistration"]["ueiSAM"] = "G6XJYD71J617"
    with_sam = decide(parse_procurement(_input(record)))
    assert all("only registration" not in f for f in _snapshot_reasons(with_sam))


def test_headerless_snapshot_status_not_given(holder: RuntimeHolder, decide: Decide) -> None:
    _snapshot(holder, HEADERLESS)
    d = decide(_by_uei("JH9ZARNKWKC7", "IBM Southeast Employees Credit Union"))
    (finding,) = _snapshot_reasons(d)
    assert "not given in this extract" in finding and "expires 2022-03-03" in finding
    assert "active on 2021-06-01" in finding and "not active" not in finding


def test_snapshot_unknown_uei_and_name_mismatch_are_notices(
    holder: RuntimeHolder, decide: Decide
) -> None:
    _snapshot(holder, ENTITIES)
    unknown = decide(_by_uei("NOSUCHUEI000", "Nobody"))
    assert "UEI NOSUCHUEI000 not found in the SAM snapshot of 2026-07-01" in " ".join(
        unknown.notices
    )
    assert not _snapshot_reasons(unknown)
    assert unknown.sam_snapshot == "2026-07-01"
    other = decide(_by_uei("ZQGGHJH74DW7", "Acme Widgets LLC"))
    assert any("'Acme Widgets LLC' differs" in n for n in other.notices)
    assert other.outcome == decide(_by_uei("ZQGGHJH74DW7", "IBM")).outcome
    # an exclusions-only snapshot has no entity rows: no not-found notice
    _snapshot(holder, exclusions=FIXTURES / "exclusions_sample_csv_response.csv")
    assert not any("not found" in n for n in decide(_by_uei("NOSUCHUEI000", "N")).notices)


def test_exclusion_dates_are_read_as_the_public_extract_writes_them(
    holder: RuntimeHolder, decide: Decide
) -> None:
    """The public extract writes "01/01/2020" and "Indefinite": an exclusion that starts after
    the action date is not in force on it."""
    _snapshot(holder, exclusions=FIXTURES / "exclusions_public_extract.csv")

    def actions(day: str) -> set[str]:
        proc = parse_procurement(
            {
                "action": {"type": "award", "date": day},
                "agency": {"name": "Department of State"},
                "offeror": {"name": "USA Remediation Services, Inc", "uei": "G6XJYD71J617"},
            }
        )
        return {a.id for a in decide(proc).required_actions}

    assert "check_sam_exclusion" not in actions("2019-12-31")
    assert "check_sam_exclusion" in actions("2020-01-01")
