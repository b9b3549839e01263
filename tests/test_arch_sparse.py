"""Section 6 (sparse architectures): exact subset-sum coverage, the lottery-ticket pruning probe,
the saturated-linear stack RNN, and the verdicts of the three theorems and their mutants."""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction as F

import numpy as np
import pytest
import torch

from theorems.arch.sparse import GRID_FAILURE, rnn_stack, strong_lottery_ticket, subset_sum
from verify.domain.architectures.lottery import (
    LOTTERY_BITS,
    binary_net,
    covers_all,
    pruned_error,
    random_net,
    width_needed,
)
from verify.domain.architectures.recurrent import (
    OPS,
    op_input,
    run_exact,
    run_torch,
    stack_mismatches,
    stack_rnn,
)
from verify.domain.architectures.subset_sum import (
    best_subset,
    counting_radius_bound,
    coverage_failures,
    coverage_radii,
    coverage_radius,
    coverage_radius_numerator,
    covers,
    failure_probability,
    subset_sums,
    uniform_dyadic,
)
from verify.engine.run import RunOptions, run_theorem


def _brute_radius(xs):
    sums = sorted(sum(c) for r in range(len(xs) + 1) for c in itertools.combinations(xs, r))
    mids = [(a + b) / 2 for a, b in zip(sums, sums[1:], strict=False)]
    points = [F(-1), F(1)] + [z for z in mids if -1 <= z <= 1]
    return max(min(abs(z - s) for s in sums) for z in points)


def test_coverage_radius_matches_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(150):
        xs = [F(int(k), 16) for k in rng.integers(-16, 17, rng.integers(0, 7))]
        assert coverage_radius(xs) == _brute_radius(xs)
    assert coverage_radius([F(1, 2)]) == 1 and coverage_radius([F(1), F(-1)]) == F(1, 2)


def test_batched_radii_and_counting_bound():
    rng = np.random.default_rng(1)
    k = rng.integers(-2**10, 2**10, (20, 6), endpoint=True)
    radii = coverage_radii(k, 10)
    assert radii == [coverage_radius([F(int(v), 2**10) for v in row]) for row in k]
    assert all(r >= counting_radius_bound(6) for r in radii)
    # equally spaced samples 2^-i attain the counting bound over [0, 2 - 2^-5]
    assert coverage_radius([F(1, 2**i) for i in range(6)], 0, F(63, 32)) == F(1, 64)


def test_covers_agrees_with_enumeration():
    rng = np.random.default_rng(2)
    for _ in range(200):
        x = rng.integers(-64, 65, rng.integers(0, 9))
        r = int(rng.integers(1, 40))
        radius2 = int(coverage_radii(x[None, :], 6)[0] * 128)
        assert covers(x, r, -64, 64) == (radius2 <= 2 * r)
    assert np.all(np.diff(subset_sums([3, -1, 2])) >= 0)


def test_best_subset_is_nearest():
    xs = [F(1, 2), F(1, 4), F(-1, 8)]
    kept, error = best_subset(xs, F(3, 8))
    assert error == 0 and sum(xs[i] for i in kept) == F(3, 8)


def test_stack_rnn_exact_and_base2_fails():
    rnn = stack_rnn(4)
    rng = random.Random(3)
    for _ in range(100):
        ops = [rng.choice(OPS) for _ in range(rng.randint(0, 25))]
        assert stack_mismatches(rnn, ops) == 0
    (state, (top, nonempty)), = run_exact(stack_rnn(2), [F(0)], [op_input("push1")])
    assert state == [F(1, 2)] and top == 0 and nonempty == 1  # base 2 cannot read the top bit
    assert stack_mismatches(stack_rnn(2), ["push0"], 2) == 1  # push 0 looks empty


def _torch_agrees(device):
    rnn, ops = stack_rnn(4), ["push1", "push0", "push1", "pop", "read", "pop", "pop", "pop"]
    states, reads = run_torch(rnn, [F(0)], [op_input(o) for o in ops], device=device)
    exact = run_exact(rnn, [F(0)], [op_input(o) for o in ops])
    assert states.device.type == torch.device(device).type
    assert [float(h[0]) for h, _ in exact] == states[:, 0].cpu().tolist()
    assert [[float(v) for v in r] for _, r in exact] == reads.cpu().tolist()


def test_torch_rnn_matches_exact_cpu():
    _torch_agrees("cpu")


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_torch_rnn_matches_exact_cuda():
    _torch_agrees("cuda")


@pytest.mark.parametrize("theorem, status", [(subset_sum, "passed"),
                                             (strong_lottery_ticket, "passed"),
                                             (rnn_stack, "certified")])
def test_verdicts_and_mutants(theorem, status, tmp_path):
    options = RunOptions(seed=0, save_dir=tmp_path)
    assert run_theorem(theorem, options).status == status
    for mutant in theorem.mutants:
        assert run_theorem(theorem, options, mutant.name).status == "falsified", mutant.name


# -- verify.domain.architectures.lottery -------------------------------------------------------

def test_lottery_coverage_grows_with_the_width():
    u, v = random_net(3, 120)
    assert u.shape == v.shape == (120,) and int(np.abs(u).max()) <= 2**LOTTERY_BITS
    assert not covers_all(u[:1], v[:1], F(1, 4)) and covers_all(u, v, F(1, 4))
    assert pruned_error(u[:0], v[:0], F(1, 2)) == F(1, 2)  # nothing kept: the error is |w|


# -- exact coverage without sorting, meet-in-the-middle pruning ----------------------------------

def test_bucketed_coverage_failures_agree_with_the_sorted_radius():
    """coverage_failures decides radius > r from bucket extremes; the sorted sums decide the
    same question from the exact radius, on random dyadic samples and odd intervals."""
    rng = np.random.default_rng(4)
    for bits, n in ((3, 5), (6, 9), (52, 12)):
        x = uniform_dyadic(rng, (300, n), bits)
        scale = 1 << bits
        radii = coverage_radii(x, bits)
        for r in {1, 3, scale // 16 + 1, scale // 4, scale // 2, scale}:
            failed = coverage_failures(x, r, -scale, scale)
            assert failed.tolist() == [radius > F(r, scale) for radius in radii]
    for _ in range(300):
        x = rng.integers(-20, 21, size=(1, int(rng.integers(0, 7))))
        lo = int(rng.integers(-30, 5))
        hi, r = lo + int(rng.integers(0, 40)), int(rng.integers(1, 12))
        twice_radius = int(coverage_radius_numerator(subset_sums(x), lo, hi)[0])
        assert coverage_failures(x, r, lo, hi)[0] == (twice_radius > 2 * r)


def test_best_subset_is_exact_and_fast():
    rng = np.random.default_rng(5)
    for _ in range(100):
        xs = [F(int(k), 16) for k in rng.integers(-16, 17, int(rng.integers(0, 10)))]
        target = F(int(rng.integers(-40, 41)), 16)
        kept, error = best_subset(xs, target)
        brute = min(abs(target - sum(c)) for r in range(len(xs) + 1)
                    for c in itertools.combinations(xs, r))
        assert error == brute == abs(target - sum(xs[i] for i in kept))
    xs = [F(int(k), 2**20) for k in rng.integers(-2**20, 2**20, 24)]
    start = time.perf_counter()
    kept, error = best_subset(xs, F(1, 3))
    assert time.perf_counter() - start < 0.1
    assert error == abs(F(1, 3) - sum(xs[i] for i in kept))


def test_grid_failure_probability_is_the_pinned_constant():
    """The subset-sum witness pins P(fail) for 9 draws uniform on k/4: an independent count
    over all 9^9 draws (pure Python) gives exactly the declared constant. Small cases: one
    draw never covers [−1, 1] within 1/2 (of the sums 0 and x, one end of [−1, 1] is at
    distance ≥ 1), and for two draws the count agrees with the exact radius of each pair."""
    assert failure_probability(range(-4, 5), 9, 1, -4, 4) == GRID_FAILURE
    assert failure_probability([-2, -1, 0, 1, 2], 1, 1, -2, 2) == 1
    pairs = [(a, b) for a in range(-2, 3) for b in range(-2, 3)]
    covered = sum(coverage_radius([F(a, 2), F(b, 2)]) <= F(1, 2) for a, b in pairs)
    assert failure_probability(range(-2, 3), 2, 1, -2, 2) == F(25 - covered, 25)


# -- verify.domain.architectures.lottery -------------------------------------------------------

def test_random_nets_grow_by_prefix_and_binary_nets_are_tight():
    u, v = random_net((7, 0), 40)
    small_u, small_v = random_net((7, 0), 25)
    assert (u[:25] == small_u).all() and (v[:25] == small_v).all()
    for k in (2, 3, 4):
        u, v = binary_net(k)
        assert width_needed(u, v, F(1, 2**k)) == 2 * k + 2
        assert width_needed(u, v, F(1, 2**(k - 1))) == 2 * k  # a doubled radius needs 2k
        assert pruned_error(u, v, F(1)) == F(1, 2**k)  # the nearest sum to 1 is 1 − 2^−k
    u, v = binary_net(4, finer=1)  # the side u > 0 reaches 1/32: it alone would err by 1/32
    assert len(u) == 11 and width_needed(u, v, F(1, 16)) == 10
    positive_side = [F(int(a) * int(b), 4**LOTTERY_BITS) for a, b in zip(u, v, strict=True)
                     if a > 0]
    assert best_subset(positive_side, F(1))[1] == F(1, 32)
    assert pruned_error(u, v, F(1)) == F(1, 16)  # the side u < 0 (x < 0) decides


def test_pruned_error_uses_every_neuron_of_a_covering_net():
    """On a net that covers every target, the pruned error is at most ε for any target; the
    prefix one neuron short of covering misses some target by more than ε."""
    e = F(1, 8)
    u, v = random_net((3, 1), 80)
    k = width_needed(u, v, e)
    assert covers_all(u[:k], v[:k], e) and not covers_all(u[:k - 1], v[:k - 1], e)
    for w in (F(-1), F(-5, 7), F(0), F(3, 11), F(1)):
        assert pruned_error(u[:k], v[:k], w) <= e


def test_lottery_scan_behind_the_probe_constant():
    """The probe C = 15 sits at the (1 − δ) quantile of the width needed at ε = δ = 1/4:
    of 200 nets, the share that fail at width ⌈15 ln 8⌉ = 32 stays near 0.23 (below 1/4)."""
    from theorems.arch.sparse import C_LOTTERY, _needed

    width = _needed(C_LOTTERY, F(1, 4), F(1, 4))
    fails = sum(not covers_all(*random_net((11, j), width), F(1, 4)) for j in range(200))
    assert width == 32 and 20 <= fails <= 70


def test_stack_rnn_state_is_the_cantor_code_by_hand():
    states = run_exact(stack_rnn(4), [F(0)], [op_input(o) for o in ("push1", "push0", "push1")])
    assert [h[0] for h, _ in states] == [F(3, 4), F(7, 16), F(55, 64)]
