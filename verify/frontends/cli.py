"""The ``dlverify`` command (ARCHITECTURE.md, "The command line").

Exit status: 0 every checked statement certified or passed; 1 something falsified (for
``mutants``: a mutant survived); 2 usage error or malformed theorem; 3 inconclusive or error.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verify.core.budget import BUDGETS, budget
from verify.core.declarations import Theorem
from verify.core.verdict import Verdict
from verify.engine.describe import counterexample_lines
from verify.engine.loader import catalog, load_file, select
from verify.engine.rules import exit_status, mutants_exit_status, survivors
from verify.errors import DlverifyError, UsageError
from verify.report.document import (
    format_interval,
    format_ratio,
    format_resolution,
    headline_ratio,
)

USAGE_ERROR = 2
INTERNAL_ERROR = 3


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _theorems(args: argparse.Namespace) -> list[Theorem]:
    pool = load_file(args.file) if getattr(args, "file", None) else catalog()
    return select(pool, getattr(args, "ids", []) or [])


def _options(args: argparse.Namespace) -> Any:
    from verify.device import resolve_device
    from verify.engine.run import RunOptions

    device = resolve_device(args.device)
    from verify.engine.store import default_store

    if getattr(args, "store", None):
        save_dir = Path(args.store)
    elif getattr(args, "report", None):
        save_dir = Path(args.report) / "counterexamples"
    else:
        save_dir = default_store()
    return RunOptions(budget=budget(args.budget), seed=args.seed, device=str(device),
                      save_dir=save_dir)


def summary_line(verdicts: Sequence[Verdict], seconds: float | None = None) -> str:
    """``46 checks: 21 certified, 25 passed (81.3 s)``: counts by status."""
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[str(v.status)] = counts.get(str(v.status), 0) + 1
    order = ("certified", "passed", "falsified", "inconclusive", "error")
    parts = ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))
    total = sum(v.seconds for v in verdicts) if seconds is None else seconds
    noun = "mutant" if verdicts and all(v.kind == "mutant" for v in verdicts) else "check"
    noun += "" if len(verdicts) == 1 else "s"
    return f"{len(verdicts)} {noun}: {parts or 'none'} ({total:.1f} s)"


def _print_verdicts(verdicts: Sequence[Verdict], as_json: bool,
                    shown: Sequence[Verdict] | None = None) -> None:
    """Every verdict (or only ``shown``) and a summary line; with ``as_json`` one JSON
    document of every verdict and nothing else on standard output."""
    if as_json:
        print(json.dumps([v.as_dict() for v in verdicts], indent=2, default=str))
        return
    for v in verdicts if shown is None else shown:
        record = v.as_dict()
        print(f"{v.status:>12}  {v.label}  [{v.scope_text}; {v.mode}; worst ratio "
              f"{headline_ratio(record)}; proof steps: {v.proof_coverage}; {v.seconds:.1f}s]")
        if v.worst_detail:
            print(f"{'':14}worst: {v.worst_detail}")
        if len(v.clauses) > 1 or any(c.get("resolution") is not None for c in v.clauses):
            for c in v.clauses:
                print(f"{'':14}clause {c['relation']}: {c['status']}, worst ratio "
                      f"{format_ratio(c['worst_ratio'])}"
                      + (f", interval {format_interval(c)}, resolution "
                         f"{format_resolution(c)}" if c.get("resolution") is not None else ""))
        for w in v.witnesses:
            if w.get("problems"):
                print(f"{'':14}witness {w['name']}: " + "; ".join(w["problems"]))
        for item in v.unchecked:
            print(f"{'':14}not checked: {item}")
        for note in v.notes:
            print(f"{'':14}note: {note}")
        if v.counterexample:
            for line in counterexample_lines(v.counterexample, indent=" " * 14):
                print(line)
    print(summary_line(verdicts))


_LIST_KEYS = ("id", "section", "title", "mode", "coverage", "mutants",
              "implementation_mutants", "witnesses", "source")


def _rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Descriptions of the selected theorems: a user's file is loaded; the installed catalogs
    come from the cached index (verify.engine.catalog_index) when it is fresh."""
    import fnmatch

    from verify.engine.catalog_index import catalog_rows, theorem_row

    if getattr(args, "file", None):
        return [theorem_row(t) for t in _theorems(args)]
    rows = catalog_rows()
    patterns = list(getattr(args, "ids", None) or [])
    if not patterns:
        return rows
    chosen = [r for r in rows if any(fnmatch.fnmatchcase(r["id"], p) for p in patterns)]
    if not chosen:  # the loader's message names close ids
        select([], patterns) if not rows else _theorems(args)
    return chosen


def cmd_list(args: argparse.Namespace) -> int:
    rows = [{key: r[key] for key in _LIST_KEYS} for r in _rows(args)]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['id']:<34} {r['mode']:<11} {r['coverage']:<8} {r['title']}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    args.ids = [args.id]
    found = [r for r in _rows(args) if r["id"] == args.id]
    if not found:
        _theorems(args)  # raises the loader's "unknown theorem id" message
        raise UsageError(f"unknown theorem id {args.id!r}; `dlverify list` shows every id")
    r = found[0]
    if args.latex:
        print(r["latex"])
        return 0
    print(f"{r['id']}: {r['title']}")
    print(f"  survey: {r['survey']}\n  source: {r['source']}\n  mode: {r['mode']}")
    print(f"  statement: {r['statement']}")
    print(f"  parameters: {', '.join(r['parameters']) or 'none'}")
    for name in r["premises"]:
        print(f"  premise: {name}")
    for step in r["proof"]:
        print(f"  proof step [{step['status']}]: {step['step']}")
    for w in r["witness_list"]:
        print(f"  witness: {w['name']}" + (f" (claim: {w['claim']})" if w["claim"] else ""))
    for m in r["mutant_list"]:
        kind = "implementation mutant" if m["kind"] == "implementation" else "mutant"
        print(f"  {kind}: {m['name']}: {m['description']}")
    for n in r["necessity"]:
        print(f"  necessity: {n['name']} (drops {n['dropped']})")
    if r["partial"]:
        print(f"  partial: {r['partial']}")
    if r["notes"]:
        print("  notes: " + r["notes"].strip().replace("\n", "\n         "))
    return 0


def _run(args: argparse.Namespace, theorems: list[Theorem], mutants: bool,
         journal: Any = None, skip: Sequence[tuple[str, str | None]] = ()) -> list[Verdict]:
    from verify.engine.run import run_all

    on_done = (lambda index, verdict: journal.write(verdict)) if journal is not None else None
    return run_all(theorems, _options(args), mutants=mutants, progress=_progress,
                   workers=args.jobs, timeout=args.timeout, executor=args.executor,
                   scheduler=args.scheduler, on_done=on_done, skip=skip)


def _report_directory(args: argparse.Namespace, resume: bool = False) -> Path | None:
    """The report directory, checked before any theorem runs (verify.report.write)."""
    target = getattr(args, "report", None)
    if not target:
        return None
    from verify.report.write import prepare_report_directory

    return prepare_report_directory(Path(target), force=args.force, resume=resume)


def _partial_report(directory: Path, theorems: list[Theorem]) -> None:
    """After an interruption: the report of what finished, marked partial."""
    from verify.engine.journal import read_journal
    from verify.report import write_report

    finished = read_journal(directory)
    write_report(directory, finished, theorems, partial=True)
    _progress(f"dlverify: interrupted; {len(finished)} finished checks are in the partial "
              f"report {directory} (complete it with: dlverify report {directory} --resume)")


def cmd_verify(args: argparse.Namespace) -> int:
    from verify.engine.journal import Journal

    theorems = _theorems(args)
    directory = _report_directory(args)
    if directory is None:
        verdicts = _run(args, theorems, mutants=False)
    else:
        try:
            with Journal(directory) as journal:
                verdicts = _run(args, theorems, mutants=False, journal=journal)
        except KeyboardInterrupt:
            _partial_report(directory, theorems)
            raise
    _print_verdicts(verdicts, args.json)
    if directory is not None:
        from verify.report import write_report

        for path in write_report(directory, verdicts, theorems):
            _progress(f"wrote {path}")
    return exit_status(verdicts)


def cmd_mutants(args: argparse.Namespace) -> int:
    theorems = _theorems(args)
    verdicts = _run(args, theorems, mutants=True)
    not_falsified = [v for v in verdicts if v.status != "falsified"]
    _print_verdicts(verdicts, args.json, shown=None if args.all else not_falsified)
    if not verdicts:
        _progress("no mutants are declared for the selected theorems")
        return 0
    for v in survivors(verdicts):
        _progress(f"mutant survived (the check cannot tell it from the theorem): {v.label}")
    return mutants_exit_status(verdicts)


def cmd_report(args: argparse.Namespace) -> int:
    from verify.engine.journal import Journal, read_journal
    from verify.report import write_report

    theorems = _theorems(args)
    directory = _report_directory(args, resume=args.resume)
    assert directory is not None
    earlier = read_journal(directory) if args.resume else []
    _check_same_run(args, earlier)
    done = [v.key for v in earlier]
    try:
        with Journal(directory) as journal:
            verdicts = _run(args, theorems, mutants=False, journal=journal, skip=done)
            mutant_verdicts = _run(args, theorems, mutants=True, journal=journal, skip=done)
    except KeyboardInterrupt:
        _partial_report(directory, theorems)
        raise
    everything = _in_order(theorems, earlier + verdicts + mutant_verdicts)
    for path in write_report(directory, everything, theorems, latex=args.latex):
        _progress(f"wrote {path}")
    if args.json:
        print(json.dumps([v.as_dict() for v in everything], indent=2, default=str))
    else:
        print(summary_line(everything))
    checked = [v for v in everything if v.kind == "theorem"]
    mutated = [v for v in everything if v.kind == "mutant"]
    status = exit_status(checked)
    if status == 0 and mutated and mutants_exit_status(mutated) != 0:
        return 1
    return status


def _check_same_run(args: argparse.Namespace, earlier: Sequence[Verdict]) -> None:
    for v in earlier[:1]:
        if (v.seed, v.budget) != (args.seed, args.budget):
            raise UsageError(f"the interrupted run used --seed {v.seed} --budget {v.budget}; "
                             "resume it with the same options")


def _in_order(theorems: Sequence[Theorem], verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Theorem verdicts in catalog order, then mutant verdicts in declaration order."""
    rank: dict[tuple[str, str | None], int] = {}
    for t in theorems:
        rank[(t.id, None)] = len(rank)
    for t in theorems:
        for m in t.mutants:
            rank[(t.id, m.name)] = len(rank)
    return sorted(verdicts, key=lambda v: rank.get(v.key, len(rank)))


def cmd_replay(args: argparse.Namespace) -> int:
    from verify.core.declarations import make_context
    from verify.engine.describe import describe
    from verify.engine.evaluate import evaluate
    from verify.engine.store import load_counterexample, read_counterexample_header

    path = Path(args.path)
    header = read_counterexample_header(path)
    pool = catalog()  # loading the theorems registers the codecs of their data types
    if header["theorem"] not in {t.id for t in pool} and header.get("file"):
        pool = load_file(header["file"])
    theorem = select(pool, [header["theorem"]])[0]
    record, instance = load_counterexample(path)
    if record.get("mutant"):
        theorem = theorem.mutated(theorem.mutant(record["mutant"]))
    context = make_context(record.get("budget", "quick"), device=record.get("device", "cpu"))
    try:
        outcome = evaluate(theorem, instance, context)
    except DlverifyError:
        raise
    except Exception as exc:
        print(f"{record['theorem']}: the measure fails on the saved instance "
              f"{describe(instance)}: {type(exc).__name__}: {exc}")
        return 3
    j = outcome.judgement
    label = record["theorem"] + (f" [mutant: {record['mutant']}]" if record.get("mutant") else "")
    if outcome.missed_premises:
        print(f"{label}: the saved instance misses premises {outcome.missed_premises}")
        return 3
    assert j is not None
    print(f"{label} on {describe(instance)}: quantity {j.quantity} vs bound {j.bound} "
          f"(ratio {j.ratio}, {j.route})")
    if outcome.violated:
        print("violation reproduced")
        return 1
    print("violation NOT reproduced" if j.holds else "undecided")
    return 0 if j.holds else 3


def cmd_audit(args: argparse.Namespace) -> int:
    """verify plus tightness: per relation, the constant the measurements would allow."""
    from verify.engine.audit import audit

    theorems = _theorems(args)
    verdicts = _run(args, theorems, mutants=False)
    by_id = {t.id: t for t in theorems}
    if args.json:
        print(json.dumps([v.as_dict() | {"audit": [vars(a) for a in audit(by_id[v.id], v)]}
                          for v in verdicts], indent=2, default=str))
        return exit_status(verdicts)
    for v in verdicts:
        word = {"certified": "holds (certified on the instances tried)",
                "passed": "holds (no violation found)"}.get(str(v.status), str(v.status))
        print(f"{v.id}: {word}; {v.scope_text}")
        for clause in audit(by_id[v.id], v):
            print(f"  {clause.sentence()}")
        if v.counterexample:
            for line in counterexample_lines(v.counterexample, indent="  "):
                print(line)
    print(summary_line(verdicts))
    return exit_status(verdicts)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a documented skeleton of a user's bound to NAME.py."""
    import re as _re

    name = args.name[:-3] if args.name.endswith(".py") else args.name
    slug = _re.sub(r"[^a-z0-9_]+", "_", Path(name).name.lower()).strip("_") or "bound"
    if not slug[0].isalpha():
        slug = "b_" + slug
    path = Path(f"{name}.py")
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists; choose another name or pass --force")
    path.write_text(_SKELETON.replace("SLUG", slug))
    print(f"wrote {path}; check it with: dlverify audit --file {path}")
    return 0


_SKELETON = '''"""My bound, declared with dlverify's API (run: dlverify audit --file THIS_FILE).

The claim: for every dyadic x in [0, 1], x² ≤ C·x with C = 1 (edit the statement, the
instances and the measure; keep the id as 'section.slug', lowercase).
"""

from fractions import Fraction

import sympy
from hypothesis import strategies as st

from verify import Instance, Mutant, Theorem, Witness, parameter, quantity

# Parameters are sympy symbols with assumptions; the statement may use only declared names.
x = parameter("x", nonnegative=True)
# A quantity is what the measure returns; its LaTeX is how reports print it.
value = quantity("value", latex=r"x^2")


def instances(budget):
    """A hypothesis strategy of Instances; budget.pick(quick, standard, thorough) sizes it."""
    bits = budget.pick(8, 12, 16)
    return st.integers(0, 2**bits).map(lambda k: Instance({"x": Fraction(k, 2**bits)}))


def measure(instance, context):
    """The measured quantity: an exact Fraction here (a float is re-measured rigorously with
    context.rigorous=True before a violation counts; return verify.Ball for an arb ball)."""
    return instance.params["x"] ** 2


SLUG = Theorem(
    id="mine.SLUG",
    title="x² ≤ x on [0, 1]",
    survey="-",
    source="elementary",
    statement=sympy.Le(value, 1 * x),
    parameters=(x,),
    quantities=(value,),
    mode="exact",
    instances=instances,
    measure=measure,
    # The bound is attained at x = 1: a sharp witness must reach ratio 1 exactly.
    witnesses=(Witness("x = 1", Instance({"x": Fraction(1)}), attains=True),),
    # A false variant the check must falsify (dlverify mutants --file THIS_FILE).
    mutants=(Mutant("constant halved", "x² ≤ x/2", statement=sympy.Le(value, x / 2)),),
)
'''


def cmd_diff(args: argparse.Namespace) -> int:
    from verify.report.diff import diff_reports, load_report

    diff = diff_reports(load_report(Path(args.old)), load_report(Path(args.new)),
                        ratio_tolerance=args.tolerance)
    if args.json:
        print(json.dumps(vars(diff) | {"regressed": diff.regressed}, indent=2))
    else:
        print("\n".join(diff.lines()))
    return 1 if diff.regressed else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from verify.device import resolve_device

    resolve_device(args.device)
    bench = _benchmarks()
    result = bench.run_benchmarks(device=args.device, quick=args.quick)
    print(json.dumps(result, indent=2) if args.json else bench.format_benchmarks(result))
    return 0


def _benchmarks() -> Any:
    """The benchmark module, found through the ``dlverify.benchmarks`` entry point (it lives
    with the networks it measures; front ends never import the domain)."""
    from importlib.metadata import entry_points

    found = sorted(entry_points(group="dlverify.benchmarks"), key=lambda e: e.name)
    if not found:
        raise DlverifyError("no benchmark is installed (entry point group dlverify.benchmarks); "
                            "reinstall dlverify with `pip install -e .`")
    return found[0].load()


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", choices=list(BUDGETS), default="quick",
                   help="how hard to search (default: quick)")
    p.add_argument("--device", default="cpu", help="cpu, cuda or auto (default: cpu)")
    p.add_argument("--seed", type=int, default=0, help="seed of the search (default: 0)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="run N checks at a time in worker processes (default: 1)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a check after SECONDS; its verdict is inconclusive (timeout)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local processes, or a Dask cluster (a LocalCluster of --jobs "
                        "workers unless --scheduler is given)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="the address of a Dask scheduler (implies --executor dask)")
    p.add_argument("--force", action="store_true",
                   help="write a report into a non-empty directory that is not a report")
    p.add_argument("--store", metavar="DIR", default=None,
                   help="where counterexamples are saved (default: DIR/counterexamples of "
                        "--report, else dlverify/counterexamples in the user cache directory)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dlverify")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="dlverify",
        description="Verify the theorems of 'The Modern Mathematics of Deep Learning'.",
        epilog="exit status: 0 every check certified or passed (mutants: every one falsified); "
               "1 something falsified (mutants: one survived); 2 a usage error, a malformed "
               "theorem or an invalid file; 3 inconclusive, an error or an internal error, "
               "nothing falsified; 130 interrupted")
    top.add_argument("--debug", action="store_true",
                     help="print tracebacks of errors (they are otherwise saved to a file)")
    top.add_argument("--version", action="version", version=f"dlverify {_version()}")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="every theorem: id, section, title, mode, coverage")
    p.add_argument("--file", help="list the theorems of this Python file instead")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("show", help="statement, hypotheses, source and proof steps")
    p.add_argument("id")
    p.add_argument("--file")
    p.add_argument("--latex", action="store_true", help="print the statement as LaTeX")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("verify", help="check theorems (all, or the ids/globs given)")
    p.add_argument("ids", nargs="*", help="theorem ids or globs such as 'depth.*'")
    p.add_argument("--file", help="check the theorems declared in this Python file")
    p.add_argument("--report", help="also write report.json, report.md, index.html here")
    _run_options(p)
    p.set_defaults(run=cmd_verify)

    p = sub.add_parser("mutants", help="run every declared mutant; each must be falsified")
    p.add_argument("ids", nargs="*")
    p.add_argument("--file")
    p.add_argument("--all", action="store_true",
                   help="print every mutant's verdict, not only those not falsified")
    _run_options(p)
    p.set_defaults(run=cmd_mutants)

    p = sub.add_parser("report", help="verify theorems and mutants and write a report")
    p.add_argument("report", metavar="DIR")
    p.add_argument("--resume", action="store_true",
                   help="finish an interrupted report in DIR (same --seed and --budget)")
    p.add_argument("--latex", action="store_true",
                   help="also write appendix.tex: a table and a paragraph per bound")
    p.add_argument("ids", nargs="*")
    p.add_argument("--file")
    _run_options(p)
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("replay", help="re-run a saved counterexample")
    p.add_argument("path", metavar="FILE")
    p.set_defaults(run=cmd_replay)

    p = sub.add_parser("audit", help="verify your bounds and report how tight they are")
    p.add_argument("ids", nargs="*")
    p.add_argument("--file", help="the Python file that declares your bounds")
    _run_options(p)
    p.set_defaults(run=cmd_audit)

    p = sub.add_parser("new", help="write a documented skeleton of your own bound")
    p.add_argument("name", metavar="NAME", help="file to write (NAME.py)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("diff", help="compare two reports; exit 1 when a status worsened")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--tolerance", type=float, default=0.05,
                   help="list worst ratios that moved by more than this fraction (0.05)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser("bench", help="performance figures of the batched network layer")
    p.add_argument("--device", default="auto")
    p.add_argument("--quick", action="store_true", help="small sizes (seconds)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_bench)
    for choice in sub.choices.values():
        choice.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                            help="print tracebacks of errors")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DlverifyError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"dlverify: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("dlverify: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in dlverify or in a user's measure outside the engine
        if args.debug:
            traceback.print_exc()
        log = _save_traceback()
        print(f"dlverify: internal error: {type(exc).__name__}: {exc} (traceback saved to "
              f"{log}; --debug prints it)", file=sys.stderr)
        return INTERNAL_ERROR


def _save_traceback() -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", prefix="dlverify-error-", suffix=".log",
                                     delete=False) as handle:
        traceback.print_exc(file=handle)
        return handle.name


if __name__ == "__main__":
    sys.exit(main())
