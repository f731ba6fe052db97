"""Checks for conv2d. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check


def _size(n, k, stride, padding):
    return (n + 2 * padding - k) // stride + 1


def _shape_bugs(x, w, stride, padding):
    """The output shape each classic size/padding/stride mistake produces."""
    N, _, H, W = x.shape
    F, _, kH, kW = w.shape

    def shape(fh, fw):
        return (N, F, fh(H, kH), fw(W, kW))

    def same(f):
        return shape(f, f)

    return {
        "output size one too small: is the +1 of H_out = (H + 2P - kH) // S + 1 missing?":
            same(lambda n, k: (n + 2 * padding - k) // stride),
        "output size rounded up: H_out = floor((H + 2P - kH) / S) + 1 rounds down":
            same(lambda n, k: -(-(n + 2 * padding - k) // stride) + 1),
        "stride ignored": same(lambda n, k: n + 2 * padding - k + 1),
        "padding ignored": same(lambda n, k: (n - k) // stride + 1),
        "padding added on one side only: pad P zeros on both sides of H and W":
            same(lambda n, k: (n + padding - k) // stride + 1),
        "height and width swapped": (N, F, _size(W, kW, stride, padding),
                                     _size(H, kH, stride, padding)),
    }


def _value_bugs(ref, x, w, b, stride, padding):
    def conv(xx, ww, bb=b, pad=padding):
        return lambda: ref.conv2d(xx, ww, bb, stride, pad)

    bugs = {
        "kernel flipped: that is true convolution; deep-learning conv2d is cross-correlation "
        "(no flip)": conv(x, w[:, :, ::-1, ::-1]),
        "kernel's height and width axes swapped": conv(x, np.swapaxes(w, 2, 3)),
        "padding with edge values instead of zeros": conv(
            np.pad(x, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2), mode="edge"), w,
            pad=0),
    }
    if b is not None:
        nob = ref.conv2d(x, w, None, stride, padding)
        bugs.update({
            "bias not added": nob,
            "bias broadcast along the last (width) axis instead of per output channel":
                lambda: nob + b,
            "every output channel gets the sum of all biases": nob + b.sum(),
            "only the first bias added to every channel": nob + b[0],
        })
    return bugs


def _judge(t, got, x, w, b, stride=1, padding=0, what="conv2d output"):
    want = t.ref.conv2d(x, w, b, stride, padding)
    shape = getattr(got, "shape", None)
    if isinstance(got, np.ndarray) and shape != want.shape:
        names = [name for name, wrong in _shape_bugs(x, w, stride, padding).items()
                 if tuple(shape) == wrong != want.shape]
        if names:
            t.fail(f"{what}: shape {tuple(shape)}, expected {want.shape} for x {x.shape}, "
                   f"w {w.shape}, stride={stride}, padding={padding} — looks like: "
                   + "; or ".join(names), bug=names[0], got_shape=list(shape),
                   expected_shape=list(want.shape))
    t.close(got, want, what=what, rtol=1e-6, atol=1e-9,
            bugs=_value_bugs(t.ref, x, w, b, stride, padding))


def _case(rng, x_shape, w_shape, bias=True):
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape) / np.sqrt(np.prod(w_shape[1:]))
    b = rng.standard_normal(w_shape[0]) if bias else None
    return x, w, b


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: a 3x3 image, a 2x2 kernel, one bias."""
    x = np.array([[[[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]]]])  # (1, 1, 3, 3)
    w = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])  # (1, 1, 2, 2)
    b = np.array([0.5])
    got = yield t.call("conv2d", x, w, b)
    _judge(t, got, x, w, b, what="conv2d(x, w, b)")


@check(points=1, visible=True)
def padded_small(t):
    """x (1, 2, 4, 5), w (3, 2, 3, 3), padding=1: the output keeps the 4x5 size."""
    x, w, b = _case(t.rng, (1, 2, 4, 5), (3, 2, 3, 3))
    got = yield t.call("conv2d", x, w, b, padding=1)
    want = t.ref.conv2d(x, w, b, 1, 1)
    fits = isinstance(got, np.ndarray) and got.shape == want.shape
    panels = {}
    for c in range(want.shape[1]):
        panels[f"yours, channel {c}"] = got[0, c] if fits else None
        panels[f"expected, channel {c}"] = want[0, c]
    t.note(plot=plots.heatmaps("Output feature maps, one per output channel", panels,
                               x_label="column", y_label="row"))
    _judge(t, got, x, w, b, padding=1, what="conv2d(x, w, b, padding=1)")


@check(points=3)
def channels_and_batch(t):
    """x (2, 3, 7, 6), w (4, 3, 3, 2): several input and output channels, a non-square kernel."""
    x, w, b = _case(t.rng, (2, 3, 7, 6), (4, 3, 3, 2))
    got = yield t.call("conv2d", x, w, b)
    _judge(t, got, x, w, b)


@check(points=3)
def stride_and_padding(t):
    """stride=2, padding=1 on x (2, 2, 9, 8) with a 3x3 kernel, and stride=3, padding=2 on a
    10x11 image where the last window position does not divide evenly."""
    x1, w1, b1 = _case(t.rng, (2, 2, 9, 8), (3, 2, 3, 3))
    x2, w2, b2 = _case(t.rng, (1, 3, 10, 11), (2, 3, 4, 3))
    got = yield [t.call("conv2d", x1, w1, b1, stride=2, padding=1),
                 t.call("conv2d", x2, w2, b2, stride=3, padding=2)]
    _judge(t, got[0], x1, w1, b1, 2, 1, "conv2d(x, w, b, stride=2, padding=1)")
    _judge(t, got[1], x2, w2, b2, 3, 2, "conv2d(x, w, b, stride=3, padding=2)")


@check(points=2)
def bias_per_channel(t):
    """Five output channels on a 5-wide output: each channel gets its own bias; b=None adds none."""
    x, w, b = _case(t.rng, (2, 2, 6, 7), (5, 2, 3, 3))
    b = b + 3.0 * np.sign(b)  # biases that clearly matter
    got = yield [t.call("conv2d", x, w, b), t.call("conv2d", x, w, None)]
    _judge(t, got[0], x, w, b)
    _judge(t, got[1], x, w, None, what="conv2d(x, w, None)")


@check(points=1)
def edge_kernels(t):
    """A 1x1 kernel mixes channels only; a kernel as large as the padded image gives 1x1."""
    x1, w1, b1 = _case(t.rng, (3, 4, 5, 5), (2, 4, 1, 1))
    x2, w2, b2 = _case(t.rng, (2, 2, 4, 3), (3, 2, 6, 5))
    got = yield [t.call("conv2d", x1, w1, b1), t.call("conv2d", x2, w2, b2, padding=1)]
    _judge(t, got[0], x1, w1, b1, what="1x1 convolution")
    _judge(t, got[1], x2, w2, b2, 1, 1, "conv2d with a kernel covering the padded image")
