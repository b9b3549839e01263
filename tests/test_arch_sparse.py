"""Section 6 (sparse architectures): exact subset-sum coverage, the lottery-ticket pruning probe,
the saturated-linear stack RNN, and the verdicts of the three theorems and their mutants."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import numpy as np
import pytest
import torch

from theorems.arch.sparse import rnn_stack, strong_lottery_ticket, subset_sum
from verify.domain.architectures.lottery import (
    LOTTERY_BITS,
    covers_all,
    pruned_error,
    random_net,
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
    coverage_radii,
    coverage_radius,
    covers,
    subset_sums,
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
