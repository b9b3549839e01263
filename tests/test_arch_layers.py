"""Section 6, first part: convolution, residual and batch-norm blocks (exact vs torch), the ODE
references, and the verdicts of the three theorems and their mutants."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import flint
import mpmath
import numpy as np
import pytest
import sympy
import torch

from theorems.arch.layers import (
    batchnorm_invariance,
    conv_defects,
    conv_equivariance,
    euler_instance,
    resnet_euler,
)
from verify.core.declarations import make_context
from verify.domain.architectures.batchnorm import bn_defects_torch, bn_loss_gradient_exact
from verify.domain.architectures.layers import (
    batch_variances,
    batchnorm_exact,
    batchnorm_torch,
    conv_forward_exact,
    conv_forward_torch,
    integer_array,
    random_conv_net,
)
from verify.domain.architectures.ode import (
    diagonal_tanh_field,
    diagonal_tanh_flow_ball,
    euclidean_distance_ball,
    euler_ball,
    euler_linear_exact,
    euler_mp,
    fraction_matrix,
    linear_flow_ball,
    taylor_reference,
)
from verify.domain.architectures.surds import (
    Surd,
    bn_defects_surd,
    bn_directional_derivative,
    bn_gradient_surd,
    bn_loss_surd,
)
from verify.engine.evaluate import evaluate
from verify.engine.run import RunOptions, patched, run_theorem

THEOREMS = (conv_equivariance, resnet_euler, batchnorm_invariance)


@pytest.mark.parametrize("padding,stride", [("circular", 1), ("zeros", 1), ("circular", 2)])
def test_torch_convolution_matches_exact_integers(padding, stride):
    rng = np.random.default_rng(3)
    for _ in range(5):
        net = random_conv_net(rng, [1, 3, 2, 1], 3, 3, padding, stride, "relu")
        x = rng.integers(-4, 5, size=(1, 8))
        exact = conv_forward_exact(net, integer_array(x.tolist()))
        out = conv_forward_torch(net, torch.tensor(x[None], dtype=torch.float64))[0]
        assert out.shape == exact.shape
        assert out.numpy().astype(np.int64).tolist() == exact.tolist()


def test_random_zero_padded_and_strided_nets_break_equivariance():
    rng = np.random.default_rng(0)
    ctx = make_context()
    broken = {"zeros": 0, "stride": 0}
    for _ in range(10):
        x = integer_array(rng.integers(-4, 5, size=(1, 8)).tolist())
        zero = random_conv_net(rng, [1, 2, 1], 3, 3, "zeros", 1, "abs")
        strided = random_conv_net(rng, [1, 2, 1], 3, 3, "circular", 2, "abs")
        circ = random_conv_net(rng, [1, 2, 1], 3, 3, "circular", 1, "abs")
        broken["zeros"] += conv_defects(zero, x, 1, ctx)["equivariance_defect"].value > 0
        broken["stride"] += conv_defects(strided, x, 1, ctx)["equivariance_defect"].value > 0
        d = conv_defects(circ, x, 3, ctx, route="device")
        assert d["equivariance_defect"].value == 0 and d["invariance_defect"].value == 0
        assert conv_defects(strided, x, 2, ctx)["equivariance_defect"].value == 0  # even shift
    assert broken["zeros"] >= 5 and broken["stride"] >= 5


def test_linear_euler_is_exact_and_flow_ball_is_rigorous():
    a = fraction_matrix([[0, 1], [-1, 0]])
    x0 = fraction_matrix([[1], [0]])
    xk = euler_linear_exact(a, x0, F(1, 4), 4)
    u, w = F(1), F(0)
    for _ in range(4):  # x_(k+1) = x_k + h A x_k by hand
        u, w = u + w / 4, w - u / 4
    assert (xk[0, 0], xk[1, 0]) == (flint.fmpq(u.numerator, u.denominator),
                                    flint.fmpq(w.numerator, w.denominator))
    flow = linear_flow_ball(a, x0, F(1))
    assert flow[0, 0].overlaps(flint.arb(1).cos()) and flow[1, 0].overlaps(-flint.arb(1).sin())
    assert flow[0, 0].rad() < 1e-14


def test_tanh_flow_closed_form_matches_mpmath_taylor_and_euler_agree():
    a, c, x0 = [F(3, 4), -1], [F(1, 4), 0], [F(1, 2), 1]
    old, flint.ctx.prec = flint.ctx.prec, 200
    try:
        _compare_tanh_references(a, c, x0)
    finally:
        flint.ctx.prec = old


def _compare_tanh_references(a, c, x0):
    ball = diagonal_tanh_flow_ball(a, c, x0, F(1))
    taylor = taylor_reference(diagonal_tanh_field(a, c), x0, F(1), dps=30)
    tiny = flint.arb(10) ** -25
    for b, t in zip(ball, taylor, strict=True):
        assert abs(b - flint.arb(mpmath.nstr(t, 30))) < tiny
    e_ball = euler_ball(diagonal_tanh_field(a, c), x0, F(1, 16), 16)
    e_mp = euler_mp(diagonal_tanh_field(a, c), x0, F(1, 16), 16)
    for b, m in zip(e_ball, e_mp, strict=True):
        assert abs(b - flint.arb(mpmath.nstr(m, 35))) < tiny


def test_exact_batchnorm_gradient_equals_sympy_diff_and_torch():
    w_syms = sympy.Matrix(2, 2, sympy.symbols("w0:4"))
    w_val = sympy.Matrix([[1, -2], [3, 1]])
    x = sympy.Matrix([[1, 0, 2], [0, 1, -1]])
    v, y = sympy.Matrix([1, 2]), sympy.Matrix([0, 1, -1])
    loss = sum(((v.T * batchnorm_exact(w_syms * x))[j] - y[j]) ** 2 for j in range(3))
    subs = dict(zip(w_syms, w_val, strict=True))
    by_diff = sympy.Matrix(2, 2, [sympy.diff(loss, s).subs(subs) for s in w_syms])
    formula = bn_loss_gradient_exact(w_val, x, v, y)
    assert all(sympy.simplify(d) == 0 for d in by_diff - formula)
    t = torch.tensor(np.array(w_val, dtype=float), requires_grad=True)
    xt = torch.tensor(np.array(x, dtype=float))
    vt = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    yt = torch.tensor([[0.0, 1, -1]], dtype=torch.float64)
    ((vt @ batchnorm_torch(t @ xt) - yt) ** 2).sum().backward()
    assert np.allclose(t.grad.numpy(), np.array(formula.evalf(), dtype=float))
    d = bn_defects_torch(t.detach(), xt, vt, yt, 2.5)
    assert max(d.values()) < 1e-12


@pytest.mark.parametrize("theorem,expected", [(conv_equivariance, "certified"),
                                              (resnet_euler, "certified"),
                                              (batchnorm_invariance, ("certified", "passed"))])
def test_verdicts(theorem, expected, tmp_path):
    verdict = run_theorem(theorem, RunOptions(seed=1, save_dir=tmp_path))
    assert verdict.status in ((expected,) if isinstance(expected, str) else expected), verdict.notes
    assert all(case["shown"] for case in verdict.necessity)


def test_resnet_euler_witnesses_attain_and_show_slope_one(tmp_path):
    verdict = run_theorem(resnet_euler, RunOptions(seed=2, save_dir=tmp_path))
    attained = [w for w in verdict.witnesses if w["name"].startswith("x' = x/100")]
    assert attained[0]["ratio"] >= 0.99
    assert all(w["claim_holds"] for w in verdict.witnesses if "claim" in w)


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_every_mutant_is_falsified(theorem, tmp_path):
    for mutant in theorem.mutants:
        verdict = run_theorem(theorem, RunOptions(seed=1, save_dir=tmp_path), mutant.name)
        assert verdict.status == "falsified", (mutant.name, verdict.notes)


def test_conv_mutants_are_falsified_by_random_search_alone(tmp_path):
    """Without the witnesses, the random search alone breaks every mutant that breaks
    equivariance; a bias added twice keeps it and only the pinned pooled output shows it."""
    alone = {}
    for mutant in conv_equivariance.mutants:
        bare = dataclasses.replace(conv_equivariance.mutated(mutant), witnesses=())
        with patched(mutant.patches):
            alone[mutant.name] = run_theorem(bare, RunOptions(seed=3, save_dir=tmp_path)).status
    assert alone.pop("torch bias twice") == "certified"
    assert set(alone.values()) == {"falsified"}, alone


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_conv_and_batchnorm_on_cuda(tmp_path):
    for theorem in (conv_equivariance, batchnorm_invariance):
        verdict = run_theorem(theorem, RunOptions(seed=1, device="cuda", save_dir=tmp_path))
        assert verdict.status in ("certified", "passed")


# -- exact batch normalization in surds, the gradient check ------------------------------------

def _fr(rows):
    return [[F(v) for v in row] for row in rows]


def test_surd_arithmetic_is_canonical():
    r2, r3 = Surd.sqrt(2), Surd.sqrt(F(3, 4))  # √3/2
    assert (r2 * r2 - 2).is_zero() and (r3 * r3 - F(3, 4)).is_zero()
    assert (r2 * Surd.sqrt(6)).terms == {3: F(2)}  # √2·√6 = 2√3
    assert (Surd.rational(1) / Surd.sqrt(8)).terms == {2: F(1, 4)}  # 1/(2√2) = √2/4
    assert not (r2 + r3).is_zero() and sympy.simplify((r2 + r3).to_sympy()
                                                      - sympy.sqrt(2) - sympy.sqrt(3) / 2) == 0


def test_surd_batchnorm_and_gradient_match_sympy_and_sympy_diff():
    rng = np.random.default_rng(6)
    checked = 0
    while checked < 8:
        f, i, b = (int(v) for v in (rng.integers(1, 3), rng.integers(1, 4), rng.integers(2, 5)))
        w, x = rng.integers(-3, 4, (f, i)).tolist(), rng.integers(-3, 4, (i, b)).tolist()
        v, y, d = rng.integers(-3, 4, f).tolist(), rng.integers(-3, 4, b).tolist(), \
            rng.integers(-2, 3, (f, i)).tolist()
        wm, xm = sympy.Matrix(w), sympy.Matrix(x)
        if any(s == 0 for s in batch_variances(wm * xm)):
            continue
        checked += 1
        grad = bn_gradient_surd(_fr(w), _fr(x), v, y)
        reference = bn_loss_gradient_exact(wm, xm, sympy.Matrix(v), sympy.Matrix(y))
        assert all(sympy.simplify(grad[r][c].to_sympy() - reference[r, c]) == 0
                   for r in range(f) for c in range(i))
        t = sympy.Symbol("t")
        loss = sum(((sympy.Matrix([v]) * batchnorm_exact((wm + t * sympy.Matrix(d)) * xm))[j]
                    - y[j]) ** 2 for j in range(b))
        slope = sympy.diff(loss, t).subs(t, 0)
        forward = bn_directional_derivative(_fr(w), _fr(x), v, y, _fr(d))
        assert sympy.simplify(forward.to_sympy() - slope) == 0
        assert (bn_loss_surd(_fr(w), _fr(x), v, y).to_sympy() - loss.subs(t, 0)).equals(0)


def test_a_gradient_off_by_two_keeps_the_identities_but_not_the_derivative():
    """Why the batch-norm witnesses check ⟨∇L, D⟩ = dL(W + tD)/dt: half the gradient is still
    orthogonal to W and still scales like 1/a."""
    data = batchnorm_invariance.witnesses[0].instance.data
    w, x, d = _fr(data["W"]), _fr(data["X"]), _fr(data["D"])
    v, y = [row[0] for row in data["v"]], [row[0] for row in data["y"]]
    half = [[g * F(1, 2) for g in row] for row in bn_gradient_surd(w, x, v, y)]
    inner = sum((g * e for gr, wr in zip(half, w, strict=True)
                 for g, e in zip(gr, wr, strict=True)), Surd())
    along = sum((g * e for gr, dr in zip(half, d, strict=True)
                 for g, e in zip(gr, dr, strict=True)), Surd())
    slope = bn_directional_derivative(w, x, v, y, d)
    assert inner.is_zero() and not slope.is_zero()  # the witness's L is not flat along D
    assert not (along - slope).is_zero()
    assert all(value == 0 for value in bn_defects_surd(w, x, v, y, F(5, 2), d).values())
    three = batchnorm_invariance.witnesses[1].instance.data
    assert bn_directional_derivative(_fr(three["W"]), _fr(three["X"]),
                                     [r[0] for r in three["v"]], [r[0] for r in three["y"]],
                                     _fr(three["D"])).terms == {1: F(24, 7)}


# -- ResNet distances, the pinned convolution ----------------------------------------------------

def test_distance_ball_of_equal_points_is_a_ball_from_zero_not_nan():
    old, flint.ctx.prec = flint.ctx.prec, 128
    try:
        close = euclidean_distance_ball([flint.arb(1, 1e-30), 2], [1, 2])
        assert close.is_finite() and close.lower() >= 0 and close.upper() < 1e-14
        assert euclidean_distance_ball([3, 0], [0, 4]) == 5
    finally:
        flint.ctx.prec = old
    flat = euler_instance("tanh", F(1, 2), 1, a=[0, 0], c=[F(1, 8), 0], x0=[F(1, 2), 0])
    assert evaluate(resnet_euler, flat, make_context("standard")).judgement.holds is True


def test_pooled_output_witness_matches_an_independent_numpy_forward_pass():
    """The conv witness pins 108: circular correlation by numpy index arithmetic."""
    x = np.array([3, -1, 4, -1, 5, -9, 2, 6])
    shifted = [np.roll(x, 1), x, np.roll(x, -1)]  # x_(i−1), x_i, x_(i+1)
    hidden = np.maximum(0, 1 + shifted[0] + 2 * shifted[1] - shifted[2])
    out = 2 * np.roll(hidden, 1) - hidden + np.roll(hidden, -1)
    assert out.tolist() == [10, 37, -9, 37, -19, 38, 12, 2] and out.sum() == 108
    for witness in conv_equivariance.witnesses:
        measured = conv_defects(witness.instance.data["net"],
                                integer_array(witness.instance.data["x"]), 3, make_context(),
                                witness.instance.data["route"])
        assert measured["pooled_output"].value == 108
