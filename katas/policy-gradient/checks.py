"""Checks for policy-gradient. Trusted: never enters the sandbox."""

import numpy as np
import torch

from graders import plots
from graders.kit import check

from . import harness

EPISODES, ADAM_LR, GAMMA = 150, 0.02, 0.99  # the learning check's training budget
CURVE_EPISODES = 80  # the visible training curve
EVAL_EPISODES, THRESHOLD = 200, 0.6  # greedy evaluation here; an optimal policy scores ~0.91
UPDATE_EPISODES, SGD_LR, UPDATE_GAMMA = 3, 0.1, 0.9  # the exact-update check


def _returns_bugs(rewards, gamma):
    """The returns each classic mistake would produce."""
    r = np.asarray(rewards, dtype=np.float64)
    n = len(r)
    right = np.array([sum(gamma ** (k - t) * r[k] for k in range(t, n)) for t in range(n)])
    past = np.array([sum(gamma ** (t - k) * r[k] for k in range(t + 1)) for t in range(n)])
    return {
        "in reversed order (built backwards and never flipped back)": right[::-1],
        "discounted by gamma^k from the episode start instead of gamma^(k-t) from step t":
            np.array([sum(gamma**k * r[k] for k in range(t, n)) for t in range(n)]),
        "not accumulated: G_t = r_t": r,
        "not discounted: gamma ignored": np.cumsum(r[::-1])[::-1],
        "accumulated over past rewards instead of future ones": past,
        "every step given the whole episode's return G_0": np.full(n, right[0] if n else 0.0),
    }


def _loss_bugs(lp, g, b):
    """The loss each classic mistake would produce, and its gradient with respect to log_probs."""
    adv = g if b is None else g - b
    bugs = {"sign flipped (that is gradient ascent on the loss)": (lp * adv).mean(),
            "summed over time steps instead of averaged": -(lp * adv).sum()}
    if b is not None:
        bugs["baseline added instead of subtracted"] = -(lp * (g + b)).mean()
        bugs["baseline ignored"] = -(lp * g).mean()
    grads = {"sign flipped (that is gradient ascent on the loss)": adv / len(lp),
             "summed over time steps instead of averaged": -adv}
    return bugs, grads


def _state(t, got, what):
    """`got` as a state dict shaped like the harness Policy's, each tensor finite."""
    shapes = {k: v.shape for k, v in harness.Policy().state_dict().items()}
    got = t.mapping(got, list(shapes), what)
    for k, shape in shapes.items():
        v = got[k]
        t.expect(isinstance(v, torch.Tensor) and v.shape == shape and v.is_floating_point(),
                 f"{what}[{k!r}]: expected a float tensor of shape {tuple(shape)}",
                 bug="wrong return structure")
        t.expect(bool(torch.isfinite(v).all()), f"{what}[{k!r}] has NaN/Inf weights: training "
                 "diverged", bug="non-finite values")
    return {k: got[k].double() for k in shapes}


def _init_state(rng):
    """Initial policy weights drawn here, so the box never chooses them."""
    return {k: torch.tensor(rng.uniform(-0.3, 0.3, v.shape), dtype=torch.float32)
            for k, v in harness.Policy().state_dict().items()}


def _rewards(t, got, totals):
    """The candidate's per-episode totals must be the ones the environment paid."""
    items = t.items(got, len(totals), f"train(...) return value (one total per episode, "
                                      f"{len(totals)} episodes)")
    mine = np.array([t.number(v, f"train(...)[{i}]") for i, v in enumerate(items)])
    bad = np.flatnonzero(~np.isclose(mine, totals, atol=1e-6))
    if bad.size:
        i = int(bad[0])
        t.fail(f"train returned {mine[i]:g} for episode {i}, but the environment paid "
               f"{totals[i]:g} in total that episode ({bad.size} episodes differ): return each "
               "episode's sum of rewards, undiscounted", bug="wrong episode totals")


def _step_returns(rewards, gamma, mistake):
    """G_t for one recorded episode, as the contract says or as a named mistake makes it."""
    right = np.array([sum(gamma ** (k - t) * rewards[k] for k in range(t, len(rewards)))
                      for t in range(len(rewards))])
    if mistake == "undiscounted":
        return np.cumsum(rewards[::-1])[::-1].copy()  # copies: torch refuses negative strides
    if mistake == "reversed":
        return right[::-1].copy()
    if mistake == "from_start":
        return np.array([sum(gamma**k * rewards[k] for k in range(t, len(rewards)))
                         for t in range(len(rewards))])
    return right


def _replay(state, episodes, gamma, lr, mistake=None):
    """The weights after one SGD step per recorded episode, as the contract says (or a mistake)."""
    policy = harness.Policy().double()
    policy.load_state_dict(state)
    params = list(policy.parameters())
    carried = [torch.zeros_like(p) for p in params]
    for ep in episodes:
        obs = torch.as_tensor(ep["obs"], dtype=torch.float64)  # (T, obs_dim)
        actions = torch.as_tensor(ep["actions"], dtype=torch.int64)  # (T,)
        g = torch.as_tensor(_step_returns(np.asarray(ep["rewards"], np.float64), gamma, mistake))
        logp = torch.log_softmax(policy(obs), dim=-1)[torch.arange(len(actions)), actions]
        per_step = logp * g  # (T,)
        loss = {"sign": per_step.mean(), "sum": -per_step.sum()}.get(mistake, -per_step.mean())
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            if mistake == "no_zero_grad":
                carried = [c + gr for c, gr in zip(carried, grads, strict=True)]
            else:
                carried = list(grads)
            for p, c in zip(params, carried, strict=True):
                p -= lr * c
    return torch.cat([p.detach().reshape(-1) for p in params])


def _greedy_score(state, seed, n):
    """Mean total reward of the greedy policy over n episodes of a Corridor seeded here."""
    policy = harness.Policy().double()
    policy.load_state_dict(state)
    env, total = harness.Corridor(seed), 0.0
    with torch.no_grad():
        for _ in range(n):
            obs, done = env.reset(), False
            while not done:
                logits = policy(torch.as_tensor(obs, dtype=torch.float64))
                obs, reward, done = env.step(int(torch.argmax(logits)))
                total += reward
    return total / n


@check(points=1, visible=True)
def discounted_returns_example(t):
    """The worked example: rewards [1, 0, 0, 1] with gamma 0.5 give [1.125, 0.25, 0.5, 1]."""
    rewards = np.array([1.0, 0.0, 0.0, 1.0])
    got = yield t.call("discounted_returns", rewards, 0.5)
    t.close(got, t.ref.discounted_returns(rewards, 0.5), what="discounted_returns(rewards, 0.5)",
            bugs=_returns_bugs(rewards, 0.5))


@check(points=1, visible=True)
def reinforce_loss_example(t):
    """The worked example: log_probs log([0.5, 0.25]), returns [2, 1]: 2 log 2, and log(2)/2 with
    baseline [1, 1]."""
    lp = torch.log(torch.tensor([0.5, 0.25]))
    g, b = torch.tensor([2.0, 1.0]), torch.tensor([1.0, 1.0])
    plain, based = yield [t.call("reinforce_loss", lp, g), t.call("reinforce_loss", lp, g, b)]
    lp, g, b = lp.double(), g.double(), b.double()
    t.close(plain, t.ref.reinforce_loss(lp, g), what="reinforce_loss(log_probs, returns)",
            bugs=_loss_bugs(lp, g, None)[0])
    t.close(based, t.ref.reinforce_loss(lp, g, b), what="reinforce_loss(log_probs, returns, "
            "baseline)", bugs=_loss_bugs(lp, g, b)[0])


@check(points=2)
def discounted_returns_random(t):
    """Random episodes of lengths 1, 8 and 40 with gamma 0.9, 0.99 and 1.0 (one given as a list)."""
    cases = [(t.rng.standard_normal(1), 0.9), (t.rng.standard_normal(8), 0.9),
             (t.rng.integers(-2, 3, 40).astype(np.float64), 0.99),
             (t.rng.standard_normal(8), 1.0)]
    cases[1] = (list(cases[1][0]), cases[1][1])
    got = yield [t.call("discounted_returns", r, gamma) for r, gamma in cases]
    for g, (r, gamma) in zip(got, cases, strict=True):
        t.close(g, t.ref.discounted_returns(r, gamma), what=f"discounted_returns, T={len(r)}, "
                f"gamma={gamma}", bugs=_returns_bugs(r, gamma))


@check(points=3)
def reinforce_loss_gradients(t):
    """reinforce_loss on 9 steps with and without a baseline, every input requiring grad: the
    loss, its gradient in log_probs, and no gradient at all into returns or the baseline."""
    lp = torch.log(torch.tensor(t.rng.uniform(0.05, 1.0, 9), dtype=torch.float32))
    g = torch.tensor(2.0 * t.rng.standard_normal(9), dtype=torch.float32)
    b = torch.tensor(t.rng.standard_normal(9), dtype=torch.float32)
    got = yield [t.probe("reinforce_grads", lp, g), t.probe("reinforce_grads", lp, g, b)]
    for result, base in zip(got, (None, b), strict=True):
        name = "reinforce_loss(log_probs, returns" + (", baseline)" if base is not None else ")")
        result = t.mapping(result, ["loss", "grads"], name)
        grads = t.mapping(result["grads"], ["log_probs", "returns", "baseline"], f"{name} grads")
        lp64, g64 = lp.double(), g.double()
        b64 = None if base is None else base.double()
        adv = g64 if b64 is None else g64 - b64
        loss_bugs, grad_bugs = _loss_bugs(lp64, g64, b64)
        t.close(result["loss"], t.ref.reinforce_loss(lp64, g64, b64), what=name, bugs=loss_bugs)
        t.expect(grads["log_probs"] is not None, f"{name}: no gradient reached log_probs; the "
                 "loss must be a torch expression in log_probs (no .item() or numpy)",
                 bug="not differentiable")
        t.close(grads["log_probs"], -adv / len(adv), what=f"d {name} / d log_probs", bugs=grad_bugs)
        leaked = {leaf: float(grads[leaf].abs().max()) for leaf in ("returns", "baseline")
                  if isinstance(grads[leaf], torch.Tensor) and grads[leaf].numel()
                  and float(grads[leaf].abs().max()) > 1e-7}
        if leaked:
            t.fail(f"{name}: gradient reached {' and '.join(leaked)} (max |grad| "
                   f"{max(leaked.values()):.3g}); the advantage G_t - b_t must be a constant: "
                   "detach it", bug=f"{' and '.join(leaked)} not detached", max_abs_grad=leaked)


@check(points=1, visible=True)
def training_curve(t):
    """train with Adam (lr 0.02) for 80 episodes, gamma 0.99, from weights chosen here: one
    total per episode, equal to what the environment paid."""
    got = yield t.probe("train_policy", int(t.rng.integers(2**31)), _init_state(t.rng),
                        CURVE_EPISODES, GAMMA, "adam", ADAM_LR, False)
    got = t.mapping(got, ["rewards", "episodes", "state"], "train_policy")
    totals = np.asarray(got["episodes"], dtype=np.float64)
    curves, xs = {"reward per episode": totals}, {"reward per episode": np.arange(len(totals))}
    if len(totals) >= 10:
        curves["average of the last 10"] = np.convolve(totals, np.ones(10) / 10, mode="valid")
        xs["average of the last 10"] = np.arange(9, len(totals))
    t.note(plot=plots.line("Your policy's reward per training episode", curves, x=xs,
                           x_label="episode", y_label="total reward"))
    t.expect(len(totals) == CURVE_EPISODES, f"env.reset() was called {len(totals)} times for "
             f"{CURVE_EPISODES} episodes", bug="wrong number of episodes")
    _rewards(t, got["rewards"], totals)


@check(points=3)
def train_update_exact(t):
    """train(env, policy, SGD(lr=0.1), 3 episodes, gamma=0.9) from weights chosen here: the final
    weights must be exactly one REINFORCE step per recorded episode, with gradients zeroed
    between episodes, and the returned totals the rewards the environment paid."""
    init = _init_state(t.rng)
    got = yield t.probe("train_policy", int(t.rng.integers(2**31)), init, UPDATE_EPISODES,
                        UPDATE_GAMMA, "sgd", SGD_LR, True)
    got = t.mapping(got, ["rewards", "episodes", "state"], "train_policy")
    episodes = got["episodes"]
    t.expect(len(episodes) == UPDATE_EPISODES, f"env.reset() was called {len(episodes)} times "
             f"for {UPDATE_EPISODES} episodes: reset once at the start of each episode",
             bug="wrong number of episodes")
    _rewards(t, got["rewards"], np.array([float(np.sum(e["rewards"])) for e in episodes]))
    state = _state(t, got["state"], "policy.state_dict()")
    init64 = {k: v.double() for k, v in init.items()}
    start = torch.cat([v.reshape(-1) for v in init64.values()]).numpy()
    mine = torch.cat([v.reshape(-1) for v in state.values()]).numpy() - start
    t.expect(np.abs(mine).max() > 0, "the policy's weights did not change: call "
             "optimizer.step() after loss.backward() once per episode", bug="no update")

    def delta(mistake=None):
        return _replay(init64, episodes, UPDATE_GAMMA, SGD_LR, mistake).numpy() - start

    t.close(mine, delta(), what="policy weights after 3 episodes minus the initial weights",
            rtol=1e-3, atol=1e-6, bugs={
                "gradients not zeroed between episodes (optimizer.zero_grad() missing)":
                    lambda: delta("no_zero_grad"),
                "sign flipped: the update climbs the loss": lambda: delta("sign"),
                "loss summed over time steps instead of averaged": lambda: delta("sum"),
                "returns not discounted": lambda: delta("undiscounted"),
                "returns in reversed order": lambda: delta("reversed"),
                "returns discounted by gamma^k from the episode start": lambda: delta("from_start"),
            })


@check(points=3)
def train_learns(t):
    """train with Adam (lr 0.02) for 150 episodes, gamma 0.99; the trained weights are then
    played greedily here on 200 Corridor episodes seeded in secret and must average at least
    0.6 (an optimal policy scores about 0.91, ignoring the goal marker about 0).

    False-failure rate: over 300 training seeds the reference's score had mean 0.92, sd 0.03
    and minimum 0.85; the policy converges by about 60 episodes, and 0.6 is more than 10 sd of
    the evaluation noise below the mean, so a correct solution fails well under 1 in 10,000.
    """
    got = yield t.probe("train_policy", int(t.rng.integers(2**31)), _init_state(t.rng),
                        EPISODES, GAMMA, "adam", ADAM_LR, False)
    got = t.mapping(got, ["rewards", "episodes", "state"], "train_policy")
    totals = np.asarray(got["episodes"], dtype=np.float64)
    t.expect(len(totals) == EPISODES, f"env.reset() was called {len(totals)} times for "
             f"{EPISODES} episodes", bug="wrong number of episodes")
    _rewards(t, got["rewards"], totals)
    score = _greedy_score(_state(t, got["state"], "policy.state_dict()"),
                          int(t.rng.integers(2**31)), EVAL_EPISODES)
    t.note(training_reward_first_50=round(float(totals[:50].mean()), 3),
           training_reward_last_50=round(float(totals[-50:].mean()), 3), greedy_score=score)
    if score < THRESHOLD:
        hint = (" It learned to avoid the goal: is the loss's sign right?" if score < -0.3 else "")
        t.fail(f"after {EPISODES} episodes the greedy policy averages {score:.2f} reward per "
               f"episode on fresh episodes; a trained policy gets at least {THRESHOLD} (optimal "
               f"is about 0.91).{hint}", bug="does not learn")
