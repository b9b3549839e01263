"""Explicit ReLU networks behind the depth theorems (Section 3 of the survey), exact rationals.

- Yarotsky (2017), Prop. 2: f_m, the interpolant of x² at k/2^m, with m hidden layers of width 3;
- the polarization product Φ_m(x, y) = 2(f_m((x+y)/2) − f_m(x/2) − f_m(y/2));
- Telgarsky (2016), Lemma 3.16: the triangle map, composed k times;
- a zig-zag network with exactly Π(n_l + 1) affine pieces on R (every n_l ≥ 3), the maximum of
  Serra, Tjandraatmadja, Ramalingam (2018) for one input;
- Montúfar, Pascanu, Cho, Bengio (2014): folding layers followed by lines in general position.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from verify.domain.networks.exact import ExactNetwork

F = Fraction
ZERO = Fraction(0)
HALF = Fraction(1, 2)
EIGHTH = Fraction(1, 8)
Layer = tuple[list[list[Fraction]], list[Fraction]]


def _net(layers: Sequence[Layer]) -> ExactNetwork:
    return ExactNetwork.from_lists(list(layers))


def yarotsky_square_chains(forms: Sequence[Sequence[Fraction]], m: int,
                           out: Sequence[Fraction], out_bias: Fraction = ZERO) -> ExactNetwork:
    """Σ_i out[i] f_m(form_i · x) + out_bias, for linear forms mapping the domain into [0, 1].

    Chain i keeps (ρ(g_{s-1}), ρ(g_{s-1} − 1/2), ρ(f_{s-1})) in layer s; on [0, 1] the hat
    function is g(t) = 2ρ(t) − 4ρ(t − 1/2), g_s = 2a − 4b and f_s = c − g_s/4^s (f_0 = g_0 = t).
    """
    if m < 1:
        raise ValueError("m must be at least 1")
    k, n_in = len(forms), len(forms[0])
    weight = [[F(0)] * n_in for _ in range(3 * k)]
    bias = [F(0)] * (3 * k)
    for i, form in enumerate(forms):
        for r, shift in enumerate((F(0), F(1, 2), F(0))):
            weight[3 * i + r] = [F(v) for v in form]
            bias[3 * i + r] = -shift
    layers: list[Layer] = [(weight, bias)]

    def chain_output(s: int) -> list[tuple[int, Fraction]]:
        """f_s of chain i as coefficients on (a, b, c): c − (2a − 4b)/4^s."""
        return [(0, F(-2, 4**s)), (1, F(4, 4**s)), (2, F(1))]

    for s in range(1, m):
        weight = [[F(0)] * (3 * k) for _ in range(3 * k)]
        bias = [F(0)] * (3 * k)
        for i in range(k):
            a, b = 3 * i, 3 * i + 1
            for r, shift in ((0, F(0)), (1, F(1, 2))):  # g_s and g_s − 1/2
                weight[3 * i + r][a] = F(2)
                weight[3 * i + r][b] = F(-4)
                bias[3 * i + r] = -shift
            for col, coef in chain_output(s):
                weight[3 * i + 2][3 * i + col] = coef
        layers.append((weight, bias))
    final = [[F(0)] * (3 * k)]
    for i in range(k):
        for col, coef in chain_output(m):
            final[0][3 * i + col] += F(out[i]) * coef
    layers.append((final, [F(out_bias)]))
    return _net(layers)


def yarotsky_square(m: int) -> ExactNetwork:
    """f_m on [0, 1]: depth m + 1, width 3 (Yarotsky 2017, Prop. 2)."""
    return yarotsky_square_chains([[F(1)]], m, [F(1)])


def yarotsky_product(m: int) -> ExactNetwork:
    """Φ_m(x, y) = 2(f_m((x+y)/2) − f_m(x/2) − f_m(y/2)) on [0, 1]², width 9."""
    half = F(1, 2)
    return yarotsky_square_chains([[half, half], [half, F(0)], [F(0), half]], m,
                                  [F(2), F(-2), F(-2)])


def triangle_power(k: int) -> ExactNetwork:
    """f^k for Telgarsky's triangle map f(z) = ρ(2ρ(z) − 4ρ(z − 1/2)), exact on [0, 1].

    On [0, 1] the outer ρ is the identity, so layer s holds (ρ(f^{s-1}), ρ(f^{s-1} − 1/2)).
    """
    layers: list[Layer] = [([[F(1)], [F(1)]], [F(0), F(-1, 2)])]
    for _ in range(k - 1):
        layers.append(([[F(2), F(-4)], [F(2), F(-4)]], [F(0), F(-1, 2)]))
    layers.append(([[F(2), F(-4)]], [F(0)]))
    return _net(layers)


def _zigzag(n: int) -> tuple[list[Fraction], list[int], list[Fraction], Fraction]:
    """A zig-zag ζ on R from n ReLU neurons ρ(o_k (z − τ_k)): ζ maps each of the n + 1 pieces
    [0, τ_1], ..., [τ_n, 1] onto [0, 1] alternately (ζ(0) = 0) and is monotone on the two
    unbounded pieces. Needs n ≥ 3.

    Piece lengths (u, u, 2u, 2u, u, ..., u), u = 1/(n + 3); slopes s_k = ±1/length_k. The slope
    jumps by c_k at τ_k; the neuron at τ_3 faces left (o = −1), so the slope at −∞ is −c_3 =
    1/(2u) + 1/(2u) = 1/u = s_0, as a rising first piece needs. Returns (τ, o, c, bias).
    """
    if n < 3:
        raise ValueError("a zig-zag layer with n + 1 full pieces needs n >= 3 neurons")
    u = F(1, n + 3)
    lengths = [u, u, 2 * u, 2 * u] + [u] * (n - 3)
    slopes = [(1 if k % 2 == 0 else -1) / length for k, length in enumerate(lengths)]
    taus, t = [], F(0)
    for length in lengths[:-1]:
        t += length
        taus.append(t)
    jumps = [slopes[k] - slopes[k - 1] for k in range(1, n + 1)]
    orient = [-1 if k == 2 else 1 for k in range(n)]
    bias = -jumps[2] * taus[2]  # ζ(0) = 0: only the left-facing neuron is active at 0
    return taus, orient, jumps, bias


def max_pieces_network(widths: Sequence[int]) -> ExactNetwork:
    """A network R → R with hidden widths n_1..n_L (each ≥ 3) and exactly Π(n_l + 1) pieces.

    Layer l computes ρ(o_k (ζ_{l-1} − τ_k)) where ζ_{l-1} is the previous zig-zag (ζ_0 = x);
    every piece of ζ_{l-1} covers [0, 1], so each is cut into n_l + 1 pieces that alternate in
    direction and never merge (Serra et al. 2018 show Π(n_l + 1) is the maximum).
    """
    layers: list[Layer] = []
    previous: tuple[list[Fraction], Fraction] | None = None  # ζ as (coefficients, bias)
    for n in widths:
        taus, orient, jumps, bias = _zigzag(n)
        weight, offsets = [], []
        for tau, o in zip(taus, orient, strict=False):
            if previous is None:
                weight.append([F(o)])
                offsets.append(-o * tau)
            else:
                coef, b = previous
                weight.append([o * c for c in coef])
                offsets.append(o * (b - tau))
        layers.append((weight, offsets))
        previous = ([F(c) for c in jumps], bias)
    assert previous is not None
    layers.append(([previous[0]], [previous[1]]))
    return _net(layers)


def _fold_layer(p: int, width: int, inputs: Sequence[tuple[list[Fraction], Fraction]]
                ) -> tuple[Layer, list[tuple[list[Fraction], Fraction]]]:
    """Neurons ρ(p z − j), j < p, for each folded coordinate z (given as an affine form of the
    previous layer); unused neurons are always off. Returns the layer and the new coordinates
    Z = Σ_j c_j ρ(p z − j) (c_0 = 1, c_j = 2(−1)^j), which map each [j/p, (j+1)/p] onto [0, 1]."""
    weight: list[list[Fraction]] = []
    bias: list[Fraction] = []
    coords = []
    n_prev = len(inputs[0][0])
    for coef, offset in inputs:
        start = len(weight)
        for j in range(p):
            weight.append([p * c for c in coef])
            bias.append(p * offset - j)
        new = [F(0)] * width
        for j in range(p):
            new[start + j] = F(1) if j == 0 else F(2 * (-1) ** j)
        coords.append((new, F(0)))
    while len(weight) < width:
        weight.append([F(0)] * n_prev)
        bias.append(F(-1))
    return (weight, bias), coords


def pythagorean_normal(t: Fraction) -> tuple[Fraction, Fraction]:
    """A rational unit vector ((1 − t²)/(1 + t²), 2t/(1 + t²))."""
    return (1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)


def general_position_layer(n: int, coords: Sequence[tuple[list[Fraction], Fraction]],
                           centre: tuple[Fraction, Fraction] = (HALF, HALF),
                           radius: Fraction = EIGHTH) -> Layer:
    """n neurons whose zero lines are tangent to a circle: no two parallel, no three through one
    point, all crossings within radius·√2 of the centre (normals at angles in [0, π/2))."""
    (cx, cy_) = centre
    weight, bias = [], []
    for i in range(n):
        a, b = pythagorean_normal(F(i, n + 1) * F(4, 10))
        # a Z_1 + b Z_2 − (a cx + b cy + radius)
        row = [a * u + b * v for u, v in zip(coords[0][0], coords[1][0], strict=False)]
        weight.append(row)
        bias.append(a * coords[0][1] + b * coords[1][1] - (a * cx + b * cy_ + radius))
    return weight, bias


def montufar_network(widths: Sequence[int]) -> ExactNetwork:
    """Input R², hidden widths n_1..n_L: L − 1 folding layers (p_l = ⌊n_l/2⌋ per coordinate),
    then n_L lines in general position. On [0, 1]² it has Π_{l<L} p_l² · Σ_{j≤2} C(n_L, j)
    activation regions (Montúfar et al. 2014, lower-bound construction)."""
    coords: list[tuple[list[Fraction], Fraction]] = [([F(1), F(0)], F(0)), ([F(0), F(1)], F(0))]
    layers: list[Layer] = []
    for n in widths[:-1]:
        layer, coords = _fold_layer(n // 2, n, coords)
        layers.append(layer)
    layers.append(general_position_layer(widths[-1], coords))
    layers.append(([[F(1)] * widths[-1]], [F(0)]))
    return _net(layers)


def one_layer_general_position(n: int) -> ExactNetwork:
    """n neurons on R² in general position, all crossings inside [0, 1]² (Zaslavsky witness)."""
    coords = [([F(1), F(0)], F(0)), ([F(0), F(1)], F(0))]
    return _net([general_position_layer(n, coords), ([[F(1)] * n], [F(0)])])


def moment_curve_layer(n: int, d: int, scale: Fraction = Fraction(1)) -> ExactNetwork:
    """n neurons on R^d in general position: neuron i is ρ(Σ_{k<d} t_i^k x_k + t_i^d), t_i = i + 1.

    Reading x as the polynomial p_x(t) = t^d + Σ_k x_k t^k, neuron i switches where p_x(t_i) = 0.
    Any d of the normals (1, t, …, t^(d−1)) are independent and no d + 1 of the hyperplanes
    meet (both Vandermonde), so the arrangement has Σ_{j≤d} C(n, j) regions (Zaslavsky).
    ``scale`` stretches the input: the network computes the same function of x/scale.
    """
    if n < 1 or d < 1:
        raise ValueError("need at least one neuron and one input")
    weight = [[F(i + 1) ** k / scale for k in range(d)] for i in range(n)]
    bias = [F(i + 1) ** d for i in range(n)]
    return _net([(weight, bias), ([[F(1)] * n], [F(0)])])
