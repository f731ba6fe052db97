"""Checks for debug-eval-mode-leak. Trusted: never enters the sandbox."""

import numpy as np
import torch

from graders.kit import check

from . import harness

D, CLASSES, N_TRAIN, N_TEST, N_FRESH = 10, 3, 512, 500, 4000
EPOCHS, LR, THRESHOLD = 20, 1e-2, 0.80
KEYS = ["accuracy", "mean", "std", "predictions"]


def _data(rng, n):
    """Latent z ~ N(0, I) labelled by a fixed random, mildly non-linear rule; the features are
    z with column offsets up to +-50 and scales from 0.1 to 30."""
    g = np.random.default_rng(12345)  # the task itself is fixed; only the samples vary
    W1, W2 = g.standard_normal((D, 16)), g.standard_normal((16, CLASSES))
    offset, scale = g.uniform(-50, 50, D), np.exp(g.uniform(np.log(0.1), np.log(30), D))
    z = rng.standard_normal((n, D))
    y = np.argmax(z @ W1[:, :CLASSES] + 0.5 * np.tanh(z @ W1) @ W2, axis=1)
    return (offset + scale * z).astype(np.float32), y.astype(np.int64)


def _split(rng):
    return (*_data(rng, N_TRAIN), *_data(rng, N_TEST))


def _result(t, got):
    got = t.mapping(got, ["result", "training", "state"], "probe result")
    res = t.mapping(got["result"], KEYS, "fit_and_evaluate's dict")
    for k in ("mean", "std"):
        t.expect(isinstance(res[k], np.ndarray) and res[k].shape == (D,),
                 f'out["{k}"] must be an array or tensor of shape ({D},)',
                 bug="wrong return structure")
    return got, res


def _predict(state, X, mean, std):
    model = harness.make_model(D, CLASSES)
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        x = (torch.as_tensor(X) - torch.as_tensor(mean, dtype=torch.float32)) / \
            torch.as_tensor(std, dtype=torch.float32)
        return model(x).argmax(1).numpy()


def _stats(t, res, X_train, X_test):
    """The standardisation statistics must be the training set's."""
    both = np.concatenate([X_train, X_test]).astype(np.float64)
    wrong = {"test data leaked into preprocessing: the statistics include the test set": both,
             "the test set was standardised with its own statistics": X_test.astype(np.float64)}
    mean, std = res["mean"].astype(np.float64), res["std"].astype(np.float64)
    train = X_train.astype(np.float64)
    ok_mean = np.allclose(mean, train.mean(0), rtol=1e-4, atol=1e-4)
    ok_std = any(np.allclose(std, train.std(0, ddof=k), rtol=1e-4, atol=1e-5) for k in (0, 1))
    if ok_mean and ok_std:
        return
    for bug, data in wrong.items():
        if np.allclose(mean, data.mean(0), rtol=1e-4, atol=1e-4):
            t.fail(f'out["mean"] is the mean of the wrong rows — {bug}; compute mu and sigma '
                   "on X_train only and apply those to X_test", bug=bug)
    t.fail('out["mean"]/out["std"] are not the per-column mean and standard deviation of '
           "X_train", bug="wrong standardisation statistics")


@check(points=1, visible=True)
def returns_train_statistics(t):
    """A short run (3 epochs): the dict has the four keys and mu, sigma come from X_train."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    got = yield t.probe("run", Xtr, ytr, Xte, yte, 3, LR, 0)
    _, res = _result(t, got)
    _stats(t, res, Xtr, Xte)


@check(points=1, visible=True)
def worked_run(t):
    """20 epochs at lr=0.01 from seed 0: the reported accuracy matches the predictions."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    got = yield t.probe("run", Xtr, ytr, Xte, yte, EPOCHS, LR, 0)
    _, res = _result(t, got)
    _consistent(t, res, yte)


def _consistent(t, res, y_test):
    pred = res["predictions"]
    t.expect(isinstance(pred, np.ndarray) and pred.shape == y_test.shape,
             f'out["predictions"] must have shape {y_test.shape}', bug="wrong return structure")
    acc = t.number(res["accuracy"], 'out["accuracy"]')
    actual = float(np.mean(pred == y_test))
    t.expect(abs(acc - actual) < 1e-6,
             f'out["accuracy"] = {acc:.4f}, but out["predictions"] are right on {actual:.4f} of '
             "the test set: report the accuracy of the predictions you return (selecting the best "
             "epoch by test accuracy?)", bug="accuracy inconsistent with the predictions")


@check(points=2)
def statistics_from_training_data_only(t):
    """mu and sigma are the training set's, on fresh data."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    got = yield t.probe("run", Xtr, ytr, Xte, yte, 2, LR, int(t.rng.integers(2**31)))
    _, res = _result(t, got)
    _stats(t, res, Xtr, Xte)


@check(points=3)
def predictions_in_eval_mode(t):
    """The returned predictions are the trained model's deterministic (eval-mode) predictions
    with the returned statistics, the accuracy matches them, and the model is back in
    training mode. Up to 0.5% of the predictions may differ (float ties)."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    got = yield t.probe("run", Xtr, ytr, Xte, yte, EPOCHS, LR, int(t.rng.integers(2**31)))
    got, res = _result(t, got)
    _consistent(t, res, yte)
    want = _predict(got["state"], Xte, res["mean"], res["std"])
    agree = float(np.mean(res["predictions"] == want))
    t.note(agreement_with_eval_mode=agree)
    t.expect(agree >= 0.995,
             f"your test predictions agree with the trained model's eval-mode predictions on "
             f"only {agree:.1%} of the test set: evaluation ran in training mode (dropout active, "
             "batch norm using the test batch's statistics) — call model.eval() before "
             "predicting and torch.no_grad() around it", bug="evaluated in training mode")
    t.expect(got["training"] is True,
             "after fit_and_evaluate the model is still in eval mode: call model.train() "
             "afterwards, or the next training run silently trains without dropout and with "
             "frozen batch-norm statistics", bug="training mode not restored")


@check(points=3)
def test_set_does_not_influence_the_model(t):
    """The same training run with two different test sets (the second with wrong labels) must
    give identical weights: the test set is only for the final evaluation."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    seed = int(t.rng.integers(2**31))
    a, b = yield [t.probe("run", Xtr, ytr, Xte, yte, EPOCHS, LR, seed),
                  t.probe("run", Xtr, ytr, Xte, (yte + 1) % CLASSES, EPOCHS, LR, seed)]
    (a, _), (b, _) = _result(t, a), _result(t, b)
    sa, sb = a["state"], b["state"]
    differ = [k for k in sa if k in sb and not torch.allclose(sa[k].float(), sb[k].float(),
                                                              rtol=1e-5, atol=1e-6)]
    if differ:
        running = all("running" in k or "num_batches" in k for k in differ)
        t.fail(f"changing only the test labels changed the trained model ({', '.join(differ[:3])}"
               f"{', ...' if len(differ) > 3 else ''}): "
               + ("evaluating in training mode lets the test batch update batch norm's running "
                  "statistics" if running else
                  "the test set was used for training decisions (early stopping or picking the "
                  "best epoch by test accuracy)"),
               bug="evaluated in training mode" if running else "test set used for model selection")


@check(points=3)
def accuracy_on_fresh_data(t):
    """The trained model with your mu and sigma scores >= 80% on 4,000 fresh examples.

    The reference scores about 90% (sd 0.7% over seeds); 80% is > 10 sd away, so a correct
    fix fails far less than 1 in 10,000 runs."""
    Xtr, ytr, Xte, yte = _split(t.rng)
    got = yield t.probe("run", Xtr, ytr, Xte, yte, EPOCHS, LR, int(t.rng.integers(2**31)))
    got, res = _result(t, got)
    X, y = _data(t.rng, N_FRESH)
    acc = float(np.mean(_predict(got["state"], X, res["mean"], res["std"]) == y))
    t.note(fresh_accuracy=acc)
    t.expect(acc >= THRESHOLD, f"accuracy {acc:.1%} on fresh data from the same distribution, "
             f"needs >= {THRESHOLD:.0%}", bug="does not generalise")
