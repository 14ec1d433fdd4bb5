"""Policy pack files: read, validate and resolve the YAML packs of a folder (`rules.policy` types).

The Runtime calls this once per pack; the engine never reads a file. A pack that cannot be read
is a `RuleError` when it is one of ours (the shipped folder) and a `DataError` naming the file
when it comes from a folder a user gave.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from section889.errors import DataError, InputError, RuleError
from section889.rules.inputs import describe_validation_error
from section889.rules.policy import (
    DEFAULT_PACK,
    DOD_DNI_WAIVER_RULE,
    PACKS_DIR,
    PART_DATE_RULES,
    Honours,
    Pack,
    PackFile,
    Rule,
    Statute,
    StatuteBlock,
)


def shipped_pack_dir() -> Path:
    """The folder of the packs shipped with the package."""
    return Path(str(resources.files("section889.rules").joinpath(PACKS_DIR)))


class PackLibrary:
    """The packs of one folder (default: the shipped ones), each read and resolved once."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else shipped_pack_dir()
        self.shipped = directory is None or self.directory.resolve() == shipped_pack_dir().resolve()
        self._raw: dict[str, tuple[Path, PackFile]] = {}
        for path in sorted(self.directory.glob("*.yaml")):
            raw = self._read(path)
            self._raw[raw.id] = (path, raw)
        self._packs: dict[str, Pack] = {}

    def ids(self) -> list[str]:
        """Ids of the packs in the folder, sorted."""
        return sorted(self._raw)

    def files(self) -> dict[str, Path]:
        """Pack id → file."""
        return {pack_id: path for pack_id, (path, _) in self._raw.items()}

    def load(self, pack_id: str = DEFAULT_PACK) -> Pack:
        """One pack by id, resolved (an InputError names the known ids)."""
        found = self._packs.get(pack_id)
        if found is None:
            found = self._packs[pack_id] = self._resolve(pack_id, ())
        return found

    def _problem(self, message: str, path: Path, field: str | None = None) -> Exception:
        if self.shipped:
            where = f"{path.name}" + (f" ({field})" if field else "")
            return RuleError(f"shipped policy pack {where}: {message}")
        return DataError(message, path=path, field=field)

    def _read(self, path: Path) -> PackFile:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise self._problem(f"cannot parse pack: {exc}", path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise self._problem(f"cannot read the file: {exc}", path) from None
        try:
            return PackFile.model_validate(data)
        except ValidationError as exc:
            raise self._problem(describe_validation_error(exc), path) from None

    def _resolve(self, pack_id: str, chain: tuple[str, ...]) -> Pack:
        if pack_id not in self._raw:
            if chain:
                path = self._raw[chain[-1]][0]
                raise self._problem(f"extends unknown pack {pack_id!r}", path, "extends")
            raise InputError(f"policy: unknown pack {pack_id!r}; known: {', '.join(self.ids())}")
        path, raw = self._raw[pack_id]
        if pack_id in chain:
            raise self._problem(f"extends itself through {' → '.join(chain)}", path, "extends")
        if raw.extends:
            base = self._packs.get(raw.extends)
            if base is None:
                base = self._resolve(raw.extends, (*chain, pack_id))
                self._packs[raw.extends] = base
            rules = {k: v for k, v in base.rules.items() if k not in raw.remove_rules}
            honours = raw.honours or base.honours
            waivers = [*base.waivers, *raw.waivers]
            exemption = raw.exemption or base.exemption
            block: StatuteBlock | None = raw.statute or _block_of(base.statute)
        else:
            rules, honours, waivers = {}, raw.honours or Honours(), list(raw.waivers)
            exemption, block = raw.exemption, raw.statute
        for rule in raw.rules:
            rules[rule.id] = rule
        if block is None:
            raise self._problem("a pack that extends none needs a `statute:` block", path)
        pscs: dict[str, frozenset[str]] = {}
        for waiver in waivers:
            if waiver.psc_file:
                psc_path = path.parent / waiver.psc_file
                if not psc_path.is_file():
                    raise self._problem("psc_file not found", psc_path, f"waivers[{waiver.id}]")
                pscs[waiver.id] = _read_pscs(psc_path)
        return Pack(
            id=raw.id,
            version=raw.version,
            title=raw.title,
            enacted=raw.enacted,
            status=raw.status,
            effective_from=raw.effective_from,
            effective_to=raw.effective_to,
            honours=honours,
            statute=self._statute(rules, block, path),
            rules=rules,
            waivers=waivers,
            exemption=exemption,
            assumption_pscs=pscs,
        )

    def _statute(self, rules: dict[str, Rule], block: StatuteBlock, path: Path) -> Statute:
        def date(rule_id: str, end: bool = False) -> dt.date:
            rule = rules.get(rule_id)
            day = None if rule is None else (rule.effective_to if end else rule.effective_from)
            if day is None:
                needed = "effective_to" if end else "effective_from"
                raise self._problem(f"rule {rule_id} needs {needed} (a statutory date)", path)
            return day

        missing = {"a", "b"} - set(block.agency_waiver_end)
        if missing:
            raise self._problem(
                f"agency_waiver_end needs part(s) {', '.join(sorted(missing))}", path, "statute"
            )
        return Statute(
            effective={part: date(rule_id) for part, rule_id in PART_DATE_RULES.items()},
            agency_waiver_end=dict(block.agency_waiver_end),
            dod_dni_waiver_start=date(DOD_DNI_WAIVER_RULE),
            dod_dni_waiver_end=date(DOD_DNI_WAIVER_RULE, end=True),
            ndaa24_805_entity=block.ndaa24_805_entity,
            ndaa24_805_goods=block.ndaa24_805_goods,
        )


def _block_of(statute: Statute) -> StatuteBlock:
    return StatuteBlock(
        agency_waiver_end=statute.agency_waiver_end,
        ndaa24_805_entity=statute.ndaa24_805_entity,
        ndaa24_805_goods=statute.ndaa24_805_goods,
    )


def _read_pscs(path: Path) -> frozenset[str]:
    codes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        code = line.split("#", 1)[0].split(",", 1)[0].strip().upper()
        if code and code != "PSC":
            codes.add(code)
    return frozenset(codes)


def pack_ids(directory: Path | None = None) -> list[str]:
    """Ids of the packs in `directory` (default: the shipped ones)."""
    return PackLibrary(directory).ids()


def load_pack(pack_id: str = DEFAULT_PACK, directory: Path | None = None) -> Pack:
    """Read and resolve one pack by id (InputError if unknown); the Runtime keeps what it loads."""
    return PackLibrary(directory).load(pack_id)
