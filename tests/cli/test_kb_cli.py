"""`section889 kb …` end to end: inspect, export, pack, update (packs and IEEE files), import layers."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import netaddr
import pytest

from section889.cli import main as cli_main
from section889.knowledge import KnowledgeBase, load_directory
from section889.knowledge.packs import write_manifest
from section889.services.kb_compose import compose
from section889.services.knowledge import knowledge_age_warning
from section889.settings import Settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "kb_minimal"
TODAY = dt.date.today()
COMMANDS = (
    "list",
    "show",
    "search",
    "export",
    "import",
    "update",
    "pack",
    "layers",
    "remove-layer",
    "status",
)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_text(self) -> str:
        """stderr with the console's line wrapping undone."""
        return " ".join(self.err.split())


Kb = Callable[..., Result]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("SECTION889_DATA_DIR", str(path))
    monkeypatch.delenv("SECTION889_KB_MAX_AGE_DAYS", raising=False)
    monkeypatch.setattr(cli_main.err, "width", 1000)  # keep long paths in error messages whole
    return path


def effective_kb() -> KnowledgeBase:
    """The knowledge base a fresh run would use now (read from the data directory again)."""
    return compose(Settings())


@pytest.fixture
def kb(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Kb:
    """Run `section889 kb ARGS…` through the real entry point (errors exit 2)."""

    def invoke(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["section889", "kb", *args])
        with pytest.raises(SystemExit) as done:
            cli_main.run()
        captured = capsys.readouterr()
        return Result(int(done.value.code or 0), captured.out, captured.err)

    return invoke


@pytest.fixture
def make_pack(tmp_path: Path, kb: Kb) -> Callable[..., Path]:
    """Zip a copy of the minimal pack dated `as_of`, after text edits, with `kb pack`."""

    def build(as_of: dt.date, edits: dict[str, tuple[str, str]] | None = None) -> Path:
        folder = tmp_path / f"src-{as_of.isoformat()}-{len(list(tmp_path.glob('src-*')))}"
        shutil.copytree(FIXTURE, folder)
        for name, (old, new) in (edits or {}).items():
            path = folder / name
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old, new) if old else text + new, encoding="utf-8")
        out = folder.with_suffix(".zip")
        result = kb("pack", str(folder), "--out", str(out), "--facts-as-of", as_of.isoformat())
        assert result.code == 0, result.err
        return out

    return build


def shipped_as_of() -> dt.date:
    return load_directory().version.facts_as_of


@pytest.fixture
def minimal_installed(make_pack: Callable[..., Path], kb: Kb) -> dt.date:
    """The minimal pack, dated after the shipped facts, installed and in use."""
    as_of = max(shipped_as_of(), TODAY) + dt.timedelta(days=1)
    assert kb("update", str(make_pack(as_of))).code == 0
    return as_of


def netaddr_registry(path: Path, prefixes: list[str]) -> Path:
    """An IEEE-format CSV with real MA-L rows taken from netaddr's copy of the registry."""
    text = (Path(netaddr.__file__).parent / "eui" / "oui.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    found = dict(re.findall(r"^([0-9A-F]{6})\s+\(base 16\)\s+(.+?)\s*$", text, flags=re.M))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Registry", "Assignment", "Organization Name", "Organization Address"])
        for prefix in prefixes:
            writer.writerow(["MA-L", prefix, found[prefix], ""])
    return path


# ---------------------------------------------------------------- help and inspection


@pytest.mark.parametrize("command", COMMANDS)
def test_every_kb_command_has_help_with_an_example(kb: Kb, command: str) -> None:
    result = kb(command, "--help")
    assert result.code == 0
    assert "Example: section889 kb " + command in " ".join(result.out.split())


def test_list_shows_five_entities_with_scope_and_party_counts(
    kb: Kb, minimal_installed: dt.date
) -> None:
    result = kb("list")
    assert result.code == 0
    assert f"facts as of {minimal_installed.isoformat()}" in result.out
    rows = {line.split()[0]: line.split() for line in result.out.splitlines()[2:]}
    assert sorted(rows) == ["dahua", "hikvision", "huawei", "hytera", "zte"]
    # Huawei: Huawei Device current; Honor and xFusion divested; HMN Tech in review.
    assert rows["huawei"][-4:] == ["telecom_all", "1", "2", "1"]
    assert rows["hytera"][-3:] == ["0", "1", "0"]  # Sepura sold in 2022


def test_show_judges_each_tie_on_the_as_of_date(kb: Kb, minimal_installed: dt.date) -> None:
    before = kb("show", "huawei", "--as-of", "2020-06-01").out
    after = kb("show", "Huawei Technologies Co., Ltd.", "--as-of", "2021-01-01").out
    assert "tie on 2020-06-01: current" in before.split("honor:")[1].split("\n\n")[0]
    honor_after = after.split("honor:")[1].split("\n\n")[0]
    assert "tie on 2021-01-01: former — divested from huawei on 2020-11-17" in honor_after
    assert "subsidiary; country CN; from — to 2020-11-17; status covered" in honor_after
    assert "source: https://www.scmp.com/" in honor_after and "(high)" in honor_after
    assert "chinese_simplified: 华为技术有限公司" in after
    assert "entity_list: Shenzhen Huawei Technologies" in after
    assert "Look-alikes of huawei (NOT covered):" in after
    assert "New H3C Technologies Co. Ltd. / H3C Technologies Co." in after


def test_show_lists_identifiers_with_their_source(kb: Kb, minimal_installed: dt.date) -> None:
    out = kb("show", "zte").out
    assert "identifier ticker 000063 — source: https://kiwix" in out
    assert "former: Zhongxing Telecommunication Equipment Corporation" in out


def test_show_unknown_entity_exits_4_not_found_and_lists_the_known_ones(kb: Kb) -> None:
    result = kb("show", "acme")
    assert result.code == 4
    assert "unknown entity 'acme'; known: dahua, hikvision, huawei, hytera, zte" in result.err_text


def test_bad_as_of_date_exits_2(kb: Kb) -> None:
    result = kb("show", "huawei", "--as-of", "last year")
    assert result.code == 2 and "'last year'" in result.err and "--as-of" in result.err


def test_search_screens_the_text_and_lists_names_containing_it(
    kb: Kb, minimal_installed: dt.date
) -> None:
    out = kb("search", "Honor Device", "--as-of", "2021-06-01").out
    assert "status: former_affiliate" in out
    assert "huawei / honor: Honor Device Co., Ltd. [legal] — former" in out
    looks = kb("search", "H3C").out
    assert "look-alike h3c: H3C Technologies Co. — resembles huawei, NOT covered" in looks
    assert "status: clear" in looks
    assert "names containing 'nothing-like-this': none" in kb("search", "nothing-like-this").out


# ---------------------------------------------------------------- export


def test_json_export_holds_the_whole_kb_and_its_version(kb: Kb, minimal_installed: dt.date) -> None:
    result = kb("export", "--format", "json")
    doc = json.loads(result.out)
    label = effective_kb().version.label
    assert doc["version"]["label"] == label
    assert label in result.err
    assert {k for k in doc} >= {"version", "entities", "parties", "names", "identifiers",
                                "lookalikes", "ouis", "sources"}  # fmt: skip
    honor = next(p for p in doc["parties"] if p["id"] == "honor")
    assert (honor["to"], honor["source"][:22], honor["confidence"]) == (
        "2020-11-17", "https://www.scmp.com/t", "high",
    )  # fmt: skip


def test_ftm_export_to_a_file(kb: Kb, tmp_path: Path, minimal_installed: dt.date) -> None:
    out = tmp_path / "s889.ftm.json"
    result = kb("export", "--format", "ftm", "--out", str(out))
    assert result.code == 0
    assert effective_kb().version.label in result.out
    entities = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"s889-honor", "s889-own-honor", "s889-lookalike-h3c"} <= {e["id"] for e in entities}
    assert kb("export", "--format", "xml").code == 2


# ---------------------------------------------------------------- packs and updates


def test_dry_run_shows_the_diff_and_installs_nothing(
    kb: Kb, make_pack: Callable[..., Path], data_dir: Path
) -> None:
    before = effective_kb().version.label
    pack = make_pack(max(shipped_as_of(), TODAY) + dt.timedelta(days=3))
    result = kb("update", str(pack), "--dry-run")
    assert result.code == 0
    assert f"in use: facts as of {shipped_as_of().isoformat()}" in result.out
    assert "+ party imou: Imou (brand of dahua, covered)" in result.out
    assert "Dry run: nothing installed." in result.out
    assert effective_kb().version.label == before
    assert not any(p for p in (data_dir / "packs").iterdir() if not p.name.startswith("."))


def test_update_installs_atomically_and_every_output_names_the_new_version(
    kb: Kb, make_pack: Callable[..., Path], data_dir: Path
) -> None:
    as_of = max(shipped_as_of(), TODAY) + dt.timedelta(days=2)
    result = kb("update", str(make_pack(as_of)))
    assert result.code == 0
    version = effective_kb().version
    assert version.facts_as_of == as_of
    assert version.layers == (f"pack:{as_of.isoformat()}-{version.content_hash}",)
    installed = data_dir / "packs" / f"{as_of.isoformat()}-{version.content_hash}"
    assert (installed / "parties.csv").is_file() and (installed / "installed.json").is_file()
    assert [p.name for p in (data_dir / "packs").iterdir()] == [installed.name]  # no staging left
    assert f"Installed pack:{installed.name}" in result.out
    assert version.label in kb("list").out
    layers = kb("layers").out
    assert (
        f"pack:{installed.name}: facts as of {as_of.isoformat()}" in layers and "(in use)" in layers
    )


def test_a_newer_pack_shows_changed_dates_then_an_older_one_is_refused_unless_forced(
    kb: Kb, make_pack: Callable[..., Path], minimal_installed: dt.date
) -> None:
    newer = make_pack(
        minimal_installed + dt.timedelta(days=10),
        {"parties.csv": (",2017-05-25,2022-07,covered,", ",2017-05-25,2022-07-05,covered,")},
    )
    result = kb("update", str(newer))
    assert "~ party sepura: to 2022-07 → 2022-07-05" in result.out
    older = make_pack(minimal_installed - dt.timedelta(days=1))
    refused = kb("update", str(older))
    assert refused.code == 2
    assert "older than the facts in use" in refused.err_text and "--force" in refused.err_text
    assert effective_kb().version.facts_as_of == minimal_installed + dt.timedelta(days=10)
    assert kb("update", str(older), "--force").code == 0
    assert effective_kb().version.facts_as_of == minimal_installed - dt.timedelta(days=1)


def test_a_tampered_pack_is_refused(kb: Kb, make_pack: Callable[..., Path], tmp_path: Path) -> None:
    pack = make_pack(TODAY)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b"2020-11-17", b"2022-11-17"))
    result = kb("update", str(tampered))
    assert result.code == 2
    assert "checksum mismatch for parties.csv" in result.err_text


def test_a_pack_with_a_bad_row_names_the_file_and_line(kb: Kb, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(FIXTURE, folder)
    parties = folder / "parties.csv"
    parties.write_text(parties.read_text(encoding="utf-8").replace("2020-11-17", "2020-13-45"))
    result = kb("pack", str(folder), "--out", str(tmp_path / "bad.zip"))
    assert result.code == 2
    assert "parties.csv:4 (field 'to')" in result.err_text
    write_manifest(folder)  # checksums right, facts wrong: `kb update` must still refuse
    shutil.make_archive(str(tmp_path / "bad2"), "zip", folder)
    result = kb("update", str(tmp_path / "bad2.zip"))
    assert result.code == 2 and "parties.csv:4 (field 'to')" in result.err_text


def test_ieee_registry_download_becomes_a_new_pack_with_a_classified_oui_table(
    kb: Kb, make_pack: Callable[..., Path], tmp_path: Path
) -> None:
    # The current table still lists Honor as covered (as before its 2020 divestment), and a stale
    # row for a prefix whose registrant the download shows is someone else.
    stale = (
        '047975,MA-L,"Honor Device Co., Ltd.",huawei,covered,stale,old table,high\n'
        '10E992,MA-L,"HUAWEI TECHNOLOGIES CO.,LTD",huawei,covered,stale,old table,high\n'
    )
    as_of = max(shipped_as_of(), TODAY - dt.timedelta(days=5))
    assert kb("update", str(make_pack(as_of, {"oui.csv": ("", stale)})), "--force").code == 0
    registry = netaddr_registry(
        tmp_path / "oui.csv",
        ["00E0FC", "BC3F8F", "FCFA21", "047975", "3C8C40", "4CBD8F", "10E992", "E0A129", "286FB9"],
    )
    result = kb("update", str(registry))
    assert result.code == 0, result.err
    out = result.out
    assert "(IEEE registry download)" in out
    assert "+ oui BC3F8F: HUAWEI TECHNOLOGIES CO.,LTD [MA-L] (huawei, covered)" in out
    assert (
        "+ oui 3C8C40: Hangzhou H3C Technologies Co., Limited [MA-L] (huawei, not_covered_lookalike)"
        in out
    )
    assert (
        "~ oui 047975: reclassified Honor Device Co., Ltd. [MA-L] (huawei, covered) → "
        "Honor Device Co., Ltd. [MA-L] (huawei, ex_affiliate)"
    ) in out
    assert "- oui 10E992: HUAWEI TECHNOLOGIES CO.,LTD [MA-L] (huawei, covered)" in out
    assert "E0A129" not in out and "286FB9" not in out  # Extreme Networks, Nokia: not covered
    assert "Changes: oui +2 -1 ~1" in out  # same facts otherwise
    version = effective_kb().version
    assert version.facts_as_of == TODAY
    ouis = effective_kb().ouis
    assert ouis["00E0FC"].note == "parent"  # unchanged curated rows are kept as they were
    assert ouis["BC3F8F"].provenance.source.startswith("IEEE registry download oui.csv")


# ---------------------------------------------------------------- import layers


def _ftm_file(path: Path, entities: list[dict[str, object]], extra: str = "") -> Path:
    text = "".join(json.dumps(e) + "\n" for e in entities) + extra
    path.write_text(text, encoding="utf-8")
    return path


CSL = [
    {"id": "NK-jp", "schema": "Company", "datasets": ["us_trade_csl"],
     "properties": {"name": ["Huawei Technologies Japan K.K."], "country": ["jp"]}},
    {"id": "NK-de", "schema": "LegalEntity", "datasets": ["us_trade_csl"],
     "properties": {"name": ["ZTE Deutschland GmbH"], "alias": ["ZTE Germany"]}},
    {"id": "NK-zte", "schema": "Company", "properties": {"name": ["ZTE Corporation"]}},
    {"id": "NK-nokia", "schema": "Company", "properties": {"name": ["Nokia Solutions and Networks Oy"]}},
    {"id": "NK-ren", "schema": "Person", "properties": {"name": ["Ren Zhengfei"]}},
]  # fmt: skip


def test_import_adds_a_labelled_layer_and_counts_what_it_left_out(
    kb: Kb, tmp_path: Path, data_dir: Path, minimal_installed: dt.date
) -> None:
    before = effective_kb().version
    result = kb("import", str(_ftm_file(tmp_path / "csl.ftm.json", CSL)), "--label", "csl")
    assert result.code == 0, result.err
    assert "Imported 2 of 5 entities" in result.out and "as layer import:csl" in result.out
    assert "1 entities did not resemble any covered entity and were not imported" in result.out
    assert "1 entities are already in the knowledge base" in result.out
    assert "1 entities are not organizations" in result.out
    meta = json.loads((data_dir / "layers" / "csl.json").read_text(encoding="utf-8"))
    assert (meta["count"], meta["source_file"]) == (2, "csl.ftm.json")
    assert len(meta["source_sha256"]) == 64 and meta["imported_at"]
    after = effective_kb()
    assert after.version.layers == (*before.layers, "import:csl")
    assert after.version.content_hash != before.content_hash
    japan = after.parties["csl:NK-jp"]
    assert (japan.entity_id, japan.status.value, japan.relationship.value) == (
        "huawei", "review", "affiliate",
    )  # fmt: skip
    assert japan.provenance.layer == "import:csl"
    assert japan.provenance.source == "us_trade_csl"
    assert after.parties["csl:NK-de"].entity_id == "zte"
    assert "import:csl: 2 parties from csl.ftm.json" in kb("layers").out


def test_imported_party_is_at_most_possible_and_names_its_layer(
    kb: Kb, tmp_path: Path, minimal_installed: dt.date
) -> None:
    name = "Zhejiang Huaxiao Technology Co., Ltd."  # a Dahua subsidiary missing from the pack
    assert "status: clear" in kb("search", name).out
    file = _ftm_file(tmp_path / "dahua.json", [
        {"id": "hx", "schema": "Company", "properties": {"name": [name]}},
    ])  # fmt: skip
    assert kb("import", str(file), "--entity", "dahua", "--label", "dahua-subs").code == 0
    out = kb("search", name).out
    assert "status: possible" in out
    assert "dahua-subs" in out
    party = effective_kb().parties["dahua-subs:hx"]
    assert (party.entity_id, party.provenance.source) == ("dahua", "dahua.json")


def test_bad_import_names_file_and_line_and_writes_nothing(
    kb: Kb, tmp_path: Path, data_dir: Path
) -> None:
    file = _ftm_file(tmp_path / "broken.json", CSL[:2], extra="{this is not json\n")
    result = kb("import", str(file))
    assert result.code == 2
    assert "broken.json: line 3: not JSON" in result.err_text
    assert not (data_dir / "layers").exists() or not any((data_dir / "layers").iterdir())
    unknown = _ftm_file(tmp_path / "x.json", [{"id": "a", "schema": "Spaceship"}])
    assert "unknown FollowTheMoney schema 'Spaceship'" in kb("import", str(unknown)).err_text
    assert kb("import", str(tmp_path / "missing.json")).code == 2
    good = _ftm_file(tmp_path / "good.json", CSL)
    assert "unknown entity 'acme'" in kb("import", str(good), "--entity", "acme").err_text
    assert not (data_dir / "layers").exists() or not any((data_dir / "layers").iterdir())


def test_remove_layer_restores_the_previous_version(
    kb: Kb, tmp_path: Path, minimal_installed: dt.date
) -> None:
    before = effective_kb().version.label
    kb("import", str(_ftm_file(tmp_path / "csl.json", CSL)), "--label", "csl")
    assert effective_kb().version.label != before
    result = kb("remove-layer", "csl")
    assert result.code == 0 and before in result.out
    assert effective_kb().version.label == before
    missing = kb("remove-layer", "csl")
    assert missing.code == 4 and "no layer 'csl'" in missing.err_text  # not found


# ---------------------------------------------------------------- age warning


def test_age_warning_follows_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_directory(FIXTURE)  # facts as of 2025-11-01
    warning = knowledge_age_warning(kb, dt.date(2026, 6, 1), Settings().kb_max_age_days)
    assert warning is not None
    assert "212 days old" in warning and "SECTION889_KB_MAX_AGE_DAYS" in warning
    assert knowledge_age_warning(kb, dt.date(2026, 4, 30), 180) is None  # 180 days exactly
    monkeypatch.setenv("SECTION889_KB_MAX_AGE_DAYS", "365")
    assert knowledge_age_warning(kb, dt.date(2026, 6, 1), Settings().kb_max_age_days) is None
    assert knowledge_age_warning(kb, dt.date(2026, 6, 1), 30) is not None


def test_kb_commands_warn_on_stderr_about_old_facts(
    kb: Kb, make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kb("update", str(make_pack(dt.date(2019, 1, 1))), "--force").code == 0
    result = kb("list")
    assert "facts as of 2019-01-01" in result.err_text and "days old" in result.err_text
    assert "days old" not in result.out
    monkeypatch.setenv("SECTION889_KB_MAX_AGE_DAYS", "100000")
    assert "days old" not in kb("list").err
    monkeypatch.delenv("SECTION889_KB_MAX_AGE_DAYS")
    assert kb("update", str(make_pack(TODAY + dt.timedelta(days=1)))).code == 0
    assert "days old" not in kb("list").err


def test_the_age_warning_is_printed_once_per_run(
    kb: Kb, make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kb("update", str(make_pack(dt.date(2019, 1, 1))), "--force").code == 0
    # `kb update` and `kb layers` read the knowledge base several times in one run
    result = kb("layers")
    assert result.err.count("days old") == 1


def test_shipped_facts_age_is_quiet_when_asked_and_kb_status_says_it_once(
    kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECTION889_KB_MAX_AGE_DAYS", "1")
    loud = kb("list")
    assert "days old" in loud.err  # the shipped facts are older than a day
    monkeypatch.setenv("SECTION889_WARN_SHIPPED_KB_AGE", "false")
    assert "days old" not in kb("list").err
    status = kb("status")
    assert status.code == 0 and "days old" not in status.err
    assert "shipped with the package" in status.out
    assert "older than the 1 days allowed" in status.out
    assert status.out.count("days old") == 1


def test_an_old_installed_pack_is_warned_about_even_when_shipped_age_is_quiet(
    kb: Kb, make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECTION889_WARN_SHIPPED_KB_AGE", "false")
    assert kb("update", str(make_pack(dt.date(2019, 1, 1))), "--force").code == 0
    assert "facts as of 2019-01-01" in kb("list").err_text
