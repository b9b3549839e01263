"""Examples of the randomized-network API in :mod:`verify.nets` (and the benchmark harness)."""

from __future__ import annotations

import json
from fractions import Fraction

import flint
import pytest
import torch
from safetensors.torch import load_file, save_file

from verify.arith.convert import arb_bounds, arb_contains
from verify.device import resolve_device
from verify.domain.networks.bench import format_benchmarks, run_benchmarks
from verify.domain.networks.ensembles import (
    ACTIVATIONS,
    Ensemble,
    activation,
    constant_ensemble,
    random_ensemble,
)
from verify.domain.networks.exact import ExactNetwork
from verify.errors import DeviceUnavailable, UsageError

# Dyadic inputs: exact in float64, in Fraction and in arb.
DYADIC = [[0.5, -0.25, 1.0], [2.0, -1.0, 0.125], [0.0, 0.0, 0.0]]
PIECEWISE_AFFINE = ["relu", "identity", "leaky_relu", "hardtanh"]


def reference_exact(net: Ensemble, i: int, x: list[float]) -> list[Fraction]:
    """Member i evaluated in rationals, straight from the definition with ``activation.exact``."""
    sigma = net.activation.exact
    values = [Fraction(v) for v in x]
    for index, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        rows, bias = w[i].tolist(), b[i].tolist()
        values = [sum((Fraction(a) * v for a, v in zip(row, values, strict=True)), Fraction(c))
                  for row, c in zip(rows, bias, strict=True)]
        if index < net.depth - 1:
            values = [sigma(v) for v in values]
    return values


def test_shapes_and_parameter_count():
    net = random_ensemble((3, 8, 8, 2), members=5, seed=0)
    assert net.widths == (3, 8, 8, 2) and net.members == 5 and net.depth == 3
    assert net.parameter_count == 8 * 4 + 8 * 9 + 2 * 9
    assert [tuple(w.shape) for w in net.weights] == [(5, 8, 3), (5, 8, 8), (5, 2, 8)]
    assert net(torch.zeros(7, 3, dtype=torch.float64)).shape == (5, 7, 2)
    assert net.member(4).members == 1


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_batched_forward_equals_loop(name):
    net = random_ensemble((3, 16, 16, 2), members=6, seed=1, activation=name)
    x = torch.randn(10, 3, dtype=torch.float64)
    reference = net.forward_loop(x)
    torch.testing.assert_close(net(x), reference, rtol=1e-12, atol=1e-12)
    # Chunked evaluation and per-member inputs [E, B, N_0] give the same values.
    torch.testing.assert_close(net(x, chunk_bytes=1), reference, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(net(x.expand(6, -1, -1)), reference, rtol=1e-12, atol=1e-12)


def test_seed_reproducible():
    a = random_ensemble((4, 8, 1), members=3, seed=42, init="uniform", bound=0.5)
    b = random_ensemble((4, 8, 1), members=3, seed=42, init="uniform", bound=0.5)
    c = random_ensemble((4, 8, 1), members=3, generator=torch.Generator().manual_seed(42),
                        init="uniform", bound=0.5)
    d = random_ensemble((4, 8, 1), members=3, seed=43, init="uniform", bound=0.5)
    assert all(torch.equal(u, v) for u, v in zip(a.weights + a.biases, b.weights + b.biases,
                                                 strict=True))
    assert all(torch.equal(u, v) for u, v in zip(a.weights, c.weights, strict=True))
    assert not torch.equal(a.weights[0], d.weights[0])
    assert all(w.abs().max() <= 0.5 for w in a.weights + a.biases)
    # float32 weights are the float64 draws rounded, so the seed fixes them too.
    f32 = random_ensemble((4, 8, 1), members=3, seed=42, init="uniform", bound=0.5,
                          dtype=torch.float32)
    assert torch.equal(f32.weights[0], a.weights[0].float())


@pytest.mark.parametrize("name", PIECEWISE_AFFINE)
def test_to_exact_matches_float_and_ball(name):
    net = random_ensemble((3, 8, 8, 2), members=2, seed=2, activation=name, init="uniform")
    y = net(torch.tensor(DYADIC, dtype=torch.float64))
    for i in range(net.members):
        exact_net = net.to_exact(i)
        assert isinstance(exact_net, ExactNetwork)
        for b, x in enumerate(DYADIC):
            exact = exact_net(x)
            assert exact == reference_exact(net, i, x)  # the same rational function
            for value, ball, approx in zip(exact, net.forward_arb(i, x), y[i, b].tolist(),
                                           strict=True):
                assert arb_contains(ball, value)  # rigorous enclosure of the exact value
                assert abs(Fraction(approx) - value) <= Fraction(1, 10**12) * (1 + abs(value))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_forward_arb_contains_float_forward(name):
    """The ball encloses the exact output; float64 differs from it only by rounding, so the
    float lies in the ball widened by a rounding allowance (it need not lie in the ball)."""
    net = random_ensemble((3, 8, 8, 2), members=2, seed=3, activation=name)
    y = net(torch.tensor(DYADIC, dtype=torch.float64))
    for i in range(net.members):
        for b, x in enumerate(DYADIC):
            for ball, approx in zip(net.forward_arb(i, x), y[i, b].tolist(), strict=True):
                allowance = flint.arb(0, 1e-12 * (1 + abs(approx)))
                assert arb_contains(ball + allowance, approx)


def test_ball_activations_straddling_zero():
    ball = flint.arb(0, 2)  # [-2, 2]
    lower, upper = arb_bounds(activation("relu").arb(ball))
    assert lower <= 0 and upper >= 2
    lower, upper = arb_bounds(activation("leaky_relu").arb(ball))
    assert lower <= Fraction(-2, 100) and upper >= 2
    lower, upper = arb_bounds(activation("saturated_linear").arb(ball))
    assert lower <= 0 and upper >= 1


def test_activation_metadata():
    relu = activation("relu")
    assert relu.lipschitz == 1 and relu.pieces == 2 and relu.positively_homogeneous
    assert activation("identity").pieces == 1
    assert activation("hardtanh") is activation("saturated_linear")
    assert activation("hardtanh").pieces == 3 and activation("hardtanh").exact(Fraction(3)) == 1
    assert activation("leaky_relu").exact(Fraction(-1)) == Fraction(-1, 100)
    assert activation("sigmoid").lipschitz == Fraction(1, 4) and activation("tanh").pieces is None
    with pytest.raises(UsageError, match="relu"):
        activation("swish")


def test_to_exact_needs_piecewise_affine():
    with pytest.raises(ValueError, match="piecewise-affine"):
        random_ensemble((2, 3, 1), seed=0, activation="tanh").to_exact(0)


def test_from_exact_round_trip():
    net = random_ensemble((3, 5, 1), members=4, seed=4)
    back = Ensemble.from_exact(net.to_exact(2))
    assert all(torch.equal(u, v[2:3]) for u, v in zip(back.weights, net.weights, strict=True))
    third = ExactNetwork.from_lists([([[Fraction(1, 3)]], [0])])
    with pytest.raises(ValueError, match="not exactly representable"):
        Ensemble.from_exact(third)


def test_constant_ensemble_all_weights_at_bound():
    net = constant_ensemble((2, 3, 1), 1.0, members=2)
    # hidden: 1 + 1 + 1 = 3 per neuron; output: 3 * 3 + 1 = 10.
    assert net.to_exact(0)([1, 1]) == [10]
    assert net(torch.ones(1, 2, dtype=torch.float64)).flatten().tolist() == [10.0, 10.0]


def test_state_round_trip(tmp_path):
    net = random_ensemble((3, 4, 2), members=3, seed=5, activation="tanh")
    path = tmp_path / "ensemble.safetensors"
    save_file(net.state(), str(path), metadata={"activation": net.activation.name})
    back = Ensemble.from_state(load_file(str(path)), "tanh")
    assert back.widths == net.widths
    assert all(torch.equal(u, v) for u, v in zip(back.weights, net.weights, strict=True))


def test_resolve_device():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(UsageError, match="cpu, cuda, cuda:N, auto"):
        resolve_device("tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_requested_without_cuda():
    with pytest.raises(DeviceUnavailable, match="--device cpu"):
        resolve_device("cuda")
    with pytest.raises(DeviceUnavailable):
        random_ensemble((2, 2, 1), seed=0, device="cuda:0")


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cpu_and_cuda_agree():
    cpu = random_ensemble((8, 32, 32, 1), members=16, seed=6)
    gpu = random_ensemble((8, 32, 32, 1), members=16, seed=6, device="cuda")
    assert all(torch.equal(u, v.cpu()) for u, v in zip(cpu.weights, gpu.weights, strict=True))
    x = torch.randn(64, 8, dtype=torch.float64)
    torch.testing.assert_close(gpu(x.cuda()).cpu(), cpu(x), rtol=1e-10, atol=1e-10)
    torch.testing.assert_close(gpu.forward_loop(x.cuda()).cpu(), cpu(x), rtol=1e-10, atol=1e-10)
    torch.testing.assert_close(cpu.to("cuda")(x.cuda()).cpu(), cpu(x), rtol=1e-10, atol=1e-10)


def test_quick_benchmark_reports_ratios_medians_and_spreads():
    """The quick bench uses the same method as the full one: a real matmul peak per dtype,
    repeated measurements, medians and spreads (figures live in the bench, not in tests)."""
    result = run_benchmarks(device="cpu", quick=True, repeats=2)
    json.dumps(result)
    assert set(result["peaks"]) == {"float64", "float32"}
    assert result["peaks"]["float64"]["n"] >= 1024
    assert {row["dtype"] for row in result["rows"]} == {"float64", "float32"}
    for row in result["rows"]:
        assert row["batched_over_loop"] > 0 and row["batched_over_peak"] > 0
        assert row["batched_spread"] >= 0 and row["flops_per_call"] > 0
    assert result["rows"][0]["name"] in format_benchmarks(result)
