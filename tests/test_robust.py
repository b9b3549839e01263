"""Robust runs: bad files end in one line and exit 2, output paths are checked before work,
a hung measure is stopped by --timeout, an interrupted report is partial and resumable, and
--jobs gives the same verdicts as one process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from verify.frontends.cli import main

SLEEPY = textwrap.dedent('''
    import time
    import sympy
    from hypothesis import strategies as st
    from verify import Instance, Theorem, quantity

    q = quantity("q")
    sleepy = Theorem(
        id="mine.sleepy", title="a measure that never returns", survey="-", source="-",
        mode="sampled", statement=sympy.Le(q, 1), quantities=(q,),
        instances=lambda b: st.just(Instance({})),
        measure=lambda inst, ctx: time.sleep(10**6))
''')


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("content", [
    '{"format": "dlverify-counterexample/1", "theor',  # truncated
    "{}",
    "not json at all",
    '{"format": "dlverify-counterexample/1", "theorem": "depth.yarotsky_square", '
    '"instance": {"params": {"m": {"$sympy": ["__import__", "os"]}}, "data": {}}}',
    '{"format": "dlverify-counterexample/1", "theorem": "depth.yarotsky_square", '
    '"instance": {"params": {"m": {"$sympy": "__import__(\'os\').system(\'touch HACKED\')"}},'
    ' "data": {}}}',
])
def test_replay_rejects_bad_files_in_one_line(capsys, tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = run(capsys, "replay", str(path))
    assert code == 2 and err.count("\n") == 1 and err.startswith("dlverify: error:")
    assert "Traceback" not in err + out and not (tmp_path / "HACKED").exists()


def test_replay_of_a_directory_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "replay", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_an_unwritable_report_path_fails_before_any_theorem_runs(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    start = time.perf_counter()
    code, _, err = run(capsys, "verify", "--report", str(blocker / "sub"))
    assert code == 2 and "cannot write the report" in err
    assert time.perf_counter() - start < 5 and "[1/" not in err


def test_a_foreign_directory_needs_force(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    foreign = tmp_path / "paper"
    foreign.mkdir()
    (foreign / "main.tex").write_text("")
    code, _, err = run(capsys, "verify", "depth.yarotsky_square", "--report", str(foreign))
    assert code == 2 and "--force" in err
    code, _, _ = run(capsys, "verify", "depth.yarotsky_square", "--report", str(foreign),
                     "--force")
    assert code == 0 and (foreign / "report.json").is_file() and (foreign / "main.tex").exists()


def test_report_into_an_existing_file_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "report"
    target.write_text("")
    code, _, err = run(capsys, "report", str(target), "depth.yarotsky_square")
    assert code == 2 and "not a directory" in err


def test_timeout_stops_a_measure_that_never_returns(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sleepy.py").write_text(SLEEPY)
    start = time.perf_counter()
    code, out, _ = run(capsys, "verify", "--file", "sleepy.py", "--timeout", "3", "--json")
    assert time.perf_counter() - start < 30 and code == 3
    (verdict,) = json.loads(out)
    assert verdict["status"] == "inconclusive" and verdict["stopped"] == "timeout"
    assert any("timeout" in note for note in verdict["notes"])


def test_jobs_give_the_same_verdicts_as_one_process(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ids = ["depth.*", "curse.maurey", "learning.hoeffding"]
    _, one, _ = run(capsys, "verify", *ids, "--json")
    _, two, _ = run(capsys, "verify", *ids, "--json", "--jobs", "2")

    def essentials(text: str) -> list[tuple]:
        return [(v["id"], v["status"], v["worst_ratio"], v["instances"])
                for v in json.loads(text)]

    assert essentials(one) == essentials(two)


def test_an_interrupted_report_is_partial_and_resumes(tmp_path):
    """SIGINT during `dlverify report`: the finished checks form a valid partial report, and
    `dlverify report DIR --resume` completes it."""
    directory = tmp_path / "run"
    ids = ["depth.*", "curse.maurey", "learning.*"]
    command = [sys.executable, "-m", "verify.frontends.cli"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([*command, "report", str(directory), *ids], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    journal = directory / "verdicts.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if journal.is_file() and journal.read_text().count("\n") >= 3:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert process.returncode == 130, err
    partial = json.loads((directory / "report.json").read_text())
    assert partial["partial"] is True and len(partial["verdicts"]) >= 3
    resumed = subprocess.run([*command, "report", str(directory), *ids, "--resume"],
                             cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=600)
    assert resumed.returncode in (0, 1), resumed.stderr
    full = json.loads((directory / "report.json").read_text())
    keys = [(v["id"], v["mutant"]) for v in full["verdicts"]]
    assert full["partial"] is False and len(keys) == len(set(keys))
    assert len(keys) > len(partial["verdicts"])


def test_internal_errors_exit_3_with_the_traceback_saved(capsys, monkeypatch):
    import verify.frontends.cli as cli

    def boom(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_list", boom)
    monkeypatch.setattr(cli.parser().__class__, "parse_args",
                        lambda self, argv=None: _namespace(boom))
    code, _, err = run(capsys, "list")
    assert code == 3 and "internal error: RuntimeError: a bug" in err
    log = err.split("traceback saved to ")[1].split(";")[0]
    assert "Traceback" in Path(log).read_text()


def _namespace(target):
    import argparse

    return argparse.Namespace(run=target, debug=False)


def test_a_dask_local_cluster_gives_the_same_verdicts(capsys, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.chdir(tmp_path)
    ids = ["depth.yarotsky_square", "depth.sawtooth_separation", "curse.maurey"]
    _, local, _ = run(capsys, "verify", *ids, "--json")
    code, dask, err = run(capsys, "verify", *ids, "--json", "--executor", "dask", "--jobs", "2")
    assert code == 0, err

    def essentials(text: str) -> list[tuple]:
        return [(v["id"], v["status"], v["worst_ratio"]) for v in json.loads(text)]

    assert essentials(local) == essentials(dask)


BROKEN = textwrap.dedent('''
    import math
    import sympy
    from hypothesis import strategies as st
    from verify import Instance, Theorem, parameter, quantity

    x = parameter("x", integer=True)
    q = quantity("q")

    def measure(inst, ctx):
        k = inst.params["x"]
        if k == 7:
            return {KIND}
        return 0.5

    broken = Theorem(
        id="mine.broken", title="a measure that breaks at x = 7", survey="-", source="-",
        mode="sampled", statement=sympy.Le(q, 1), parameters=(x,), quantities=(q,),
        instances=lambda b: st.integers(0, 10).map(lambda k: Instance({"x": k})),
        measure=measure)
''')


@pytest.mark.parametrize("kind,words", [("math.nan", "not a finite number"),
                                        ("math.inf", "not a finite number"),
                                        ("1 / 0", "ZeroDivisionError")])
def test_nan_inf_and_exceptions_name_the_instance(capsys, tmp_path, monkeypatch, kind, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.py").write_text(BROKEN.replace("{KIND}", kind))
    code, out, err = run(capsys, "verify", "--file", "broken.py", "--json")
    (verdict,) = json.loads(out)
    assert code == 3 and verdict["status"] in ("inconclusive", "error")
    notes = " ".join(verdict["notes"])
    assert words in notes and "x=7" in notes and "Traceback" not in err
    if "replay" in notes:  # an exception: the instance is saved and replays
        saved = notes.split("replay with: dlverify replay ")[1].split()[0]
        code, out, _ = run(capsys, "replay", saved)
        assert code == 3 and "ZeroDivisionError" in out


def test_diff_exits_1_when_a_status_worsens(capsys, tmp_path):
    from verify.report.document import REPORT_FORMAT

    def report(name: str, status: str, mutant_status: str) -> Path:
        directory = tmp_path / name
        directory.mkdir()
        verdicts = [{"id": "a.b", "mutant": None, "kind": "theorem", "status": status,
                     "worst_ratio": 0.5},
                    {"id": "a.b", "mutant": "half", "kind": "mutant", "status": mutant_status,
                     "worst_ratio": 2.0}]
        (directory / "report.json").write_text(json.dumps(
            {"format": REPORT_FORMAT, "verdicts": verdicts}))
        return directory

    old = report("old", "certified", "falsified")
    same = report("same", "certified", "falsified")
    worse = report("worse", "passed", "falsified")
    survived = report("survived", "certified", "passed")
    assert run(capsys, "diff", str(old), str(same))[0] == 0
    code, out, _ = run(capsys, "diff", str(old), str(worse))
    assert code == 1 and "a.b: certified → passed" in out
    assert run(capsys, "diff", str(old), str(survived))[0] == 1
    assert run(capsys, "diff", str(worse), str(old))[0] == 0  # an improvement
    assert run(capsys, "diff", str(old), str(tmp_path / "missing"))[0] == 2
