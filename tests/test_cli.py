"""The command line contract (ARCHITECTURE.md): output, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from verify.frontends.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEPTH_IDS = {
    "depth.yarotsky_square", "depth.yarotsky_multiply", "depth.pieces_upper_bound",
    "depth.sawtooth_separation", "depth.regions_one_hidden_layer", "depth.regions_deep",
    "depth.radial_separation",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_the_depth_section(capsys):
    code, out, _ = run(capsys, "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and set(rows) >= DEPTH_IDS
    assert rows["depth.radial_separation"]["coverage"] == "partial"


def test_show_latex_prints_the_statement(capsys):
    code, out, _ = run(capsys, "show", "depth.yarotsky_square", "--latex")
    assert code == 0 and "2^{- 2 m - 2}" in out


def test_verify_json_certifies_yarotsky_at_the_attained_bound(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "verify", "depth.yarotsky_square", "--json")
    (verdict,) = json.loads(out)
    assert code == 0 and verdict["status"] == "certified" and verdict["worst_ratio"] >= 0.99
    for key in ("id", "status", "mode", "instances", "worst_ratio", "counterexample", "seed",
                "device", "seconds"):
        assert key in verdict


def test_mutants_of_a_glob_are_all_falsified(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "mutants", "depth.sawtooth_separation", "--json")
    assert code == 0 and {v["status"] for v in json.loads(out)} == {"falsified"}


def test_unknown_id_is_a_usage_error(capsys):
    code, _, err = run(capsys, "verify", "depth.nope")
    assert code == 2 and "unknown theorem id 'depth.nope'" in err


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_without_a_gpu_is_a_clear_usage_error(capsys):
    code, _, err = run(capsys, "verify", "depth.yarotsky_square", "--device", "cuda")
    assert code == 2 and "--device cpu" in err and "Traceback" not in err


def test_a_malformed_user_file_names_file_theorem_and_field(capsys, tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from hypothesis import strategies as st\n"
        "from verify import Instance, Theorem, parameter, quantity\n"
        "m = parameter('m'); q = quantity('q')\n"
        "t = Theorem(id='mine.bad', title='', survey='', source='', mode='exact',\n"
        "            statement='q <= 2**(-k)', parameters=(m,), quantities=(q,),\n"
        "            instances=lambda b: st.just(Instance({})), measure=lambda i, c: 0)\n")
    code, _, err = run(capsys, "verify", "--file", str(bad))
    assert code == 2
    assert "bad.py" in err and "mine.bad" in err and "field 'statement'" in err


def test_false_example_exits_1_and_its_counterexample_replays(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "verify", "--file", str(ROOT / "examples" / "false_bound.py"),
                       "--seed", "4", "--store", "found")
    assert code == 1 and "counterexample" in out and "network (1," in out
    (saved,) = list((tmp_path / "found").glob("*.json"))
    code, out, _ = run(capsys, "replay", str(saved))
    assert code == 1 and "violation reproduced" in out


def test_true_example_exits_0(capsys):
    code, out, _ = run(capsys, "verify", "--file", str(ROOT / "examples" / "true_bound.py"))
    assert code == 0 and "passed" in out


def test_report_writes_json_markdown_and_html(capsys, tmp_path):
    code, _, _ = run(capsys, "verify", "depth.regions_one_hidden_layer",
                     "--report", str(tmp_path / "r"))
    assert code == 0
    document = json.loads((tmp_path / "r" / "report.json").read_text())
    assert document["verdicts"][0]["status"] == "certified"
    assert "depth.regions_one_hidden_layer" in (tmp_path / "r" / "report.md").read_text()
    assert (tmp_path / "r" / "index.html").exists()


def test_bench_quick_prints_ratios(capsys):
    code, out, _ = run(capsys, "bench", "--quick", "--json", "--device", "cpu")
    rows = json.loads(out)["rows"]
    assert code == 0 and all(r["batched_over_loop"] > 0 for r in rows)


def test_report_latex_writes_a_table_with_one_row_per_theorem(capsys, tmp_path):
    code, _, _ = run(capsys, "report", str(tmp_path / "r"), "depth.yarotsky_square",
                     "depth.sawtooth_separation", "--latex")
    assert code == 0
    tex = (tmp_path / "r" / "appendix.tex").read_text()
    rows = [line for line in tex.splitlines() if line.startswith(r"\texttt{depth.")]
    assert len(rows) == 2 and r"\begin{tabular}" in tex and "falsified" in tex


def test_html_report_is_self_contained_with_mathml_and_plots(capsys, tmp_path):
    import re

    pytest.importorskip("matplotlib")
    pytest.importorskip("latex2mathml")
    code, _, _ = run(capsys, "report", str(tmp_path / "r"), "depth.yarotsky_square",
                     "optim.lazy_training")
    assert code == 0
    page = (tmp_path / "r" / "index.html").read_text()
    sections = re.findall(r"<section class='theorem.*?</section>", page, flags=re.S)
    assert len(sections) == 2 and all("<math" in s for s in sections)
    lazy = next(s for s in sections if "optim.lazy_training" in s)
    assert "<svg" in lazy  # its rate clause is plotted
    assert "caught" in page and "Contents" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://|url\(\s*["']?https?://|@import""",
                         page)


def test_a_user_file_runs_only_its_own_theorems(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine.py"
    mine.write_text((ROOT / "examples" / "true_bound.py").read_text()
                    + "\nfrom theorems.depth import yarotsky_square  # imported, not re-run\n")
    code, out, _ = run(capsys, "verify", "--file", str(mine), "--json")
    ids = [v["id"] for v in json.loads(out)]
    assert code == 0 and "depth.yarotsky_square" not in ids and ids


def test_new_writes_a_skeleton_that_audit_reports_tight(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "new", "mybound")
    assert code == 0 and (tmp_path / "mybound.py").is_file()
    assert run(capsys, "new", "mybound")[0] == 2  # no silent overwrite
    code, out, _ = run(capsys, "audit", "--file", "mybound.py")
    assert code == 0 and "best observed ratio 1" in out
    code, out, _ = run(capsys, "mutants", "--file", "mybound.py")
    assert code == 0


def test_audit_states_the_best_constant_and_the_slack(capsys):
    code, out, _ = run(capsys, "audit", "--file", str(ROOT / "examples" / "true_bound.py"))
    assert code == 0 and "could be lowered to" in out and "slack" in out


def test_list_and_show_use_the_catalog_index_without_importing_torch(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    probe = ("import sys; from verify.frontends.cli import main; code = main({argv}); "
             "print('torch imported:', 'torch' in sys.modules, file=sys.stderr)")

    def call(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", probe.format(argv=list(argv))], env=env,
                              capture_output=True, text=True, check=True)

    first = call("list")
    assert list(tmp_path.glob("dlverify/catalog-*.json"))
    second = call("list")
    assert second.stdout == first.stdout and "torch imported: False" in second.stderr
    shown = call("show", "depth.yarotsky_square")
    assert "torch imported: False" in shown.stderr and "statement:" in shown.stdout
