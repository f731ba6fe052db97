"""Checks for dpo-loss. Trusted: never enters the sandbox.

Everything is deterministic and float64: log-probs, the loss, the rewards and the gradients
(by autograd through your code, in harness.py) against the reference with rtol 1e-9.
Masks always exclude prompt and padding positions and responses have different lengths, so
ignoring the mask or averaging instead of summing over tokens changes every answer.
"""

import torch
import torch.nn.functional as F

from graders.kit import check

RTOL = 1e-9


def _f64(rng, *shape, scale=1.0):
    return torch.tensor(scale * rng.standard_normal(shape), dtype=torch.float64)


def _masks(rng, B, T):
    """Response masks: a prompt of 1-3 positions, then a response, then padding."""
    mask = torch.zeros(B, T, dtype=torch.long)
    for b in range(B):
        start = int(rng.integers(1, 4))
        end = int(rng.integers(start + 2, T + 1))
        mask[b, start:end] = 1
    if B >= 2 and bool((mask.sum(1) == mask.sum(1)[0]).all()):  # make the lengths differ
        mask[0, :] = 0
        mask[0, 1:3] = 1
    return mask


def _token_logp(logits, tokens):
    return F.log_softmax(logits, -1).gather(-1, tokens.unsqueeze(-1)).squeeze(-1)


def _logp_bugs(logits, tokens, mask):
    tl, m = _token_logp(logits, tokens), mask.double()
    return {
        "the mask is ignored: prompt and padding tokens are summed too": tl.sum(-1),
        "mean over the response tokens instead of the sum: the sequence log-probability is "
        "the sum of its tokens' log-probabilities": (tl * m).sum(-1) / m.sum(-1),
        "raw logits gathered instead of log-softmax": (logits.gather(-1, tokens.unsqueeze(-1))
                                                       .squeeze(-1) * m).sum(-1),
    }


def _loss(pc, pr, rc, rr, beta):
    return -F.logsigmoid(beta * ((pc - rc) - (pr - rr))).mean()


def _loss_bugs(pc, pr, rc, rr, beta):
    return {
        "the margin's sign is flipped (chosen and rejected swapped, or log-ratios taken as "
        "ref - policy): this loss prefers the rejected response": _loss(pr, pc, rr, rc, beta),
        "the reference model is missing: the margin must be beta * ((pi_c - ref_c) - "
        "(pi_r - ref_r))": _loss(pc, pr, torch.zeros_like(rc), torch.zeros_like(rr), beta),
        "beta is missing from the margin": _loss(pc, pr, rc, rr, 1.0),
        "summed over the batch instead of averaged": _loss(pc, pr, rc, rr, beta) * len(pc),
    }


def _grads(pc, pr, rc, rr, beta):
    pc, pr = pc.clone().requires_grad_(True), pr.clone().requires_grad_(True)
    _loss(pc, pr, rc, rr, beta).backward()
    return pc.grad, pr.grad


def _judge_loss_probe(t, got, pc, pr, rc, rr, beta, what):
    d = t.mapping(got, ["loss", "chosen_rewards", "rejected_rewards", "rewards_require_grad",
                        "grad_chosen", "grad_rejected"], what)
    want_loss, want_c, want_r = t.ref.dpo_loss(pc, pr, rc, rr, beta)
    t.close(d["loss"], want_loss, what=f"{what}: loss", rtol=RTOL,
            bugs=_loss_bugs(pc, pr, rc, rr, beta))
    t.close(d["chosen_rewards"], want_c, what=f"{what}: chosen rewards beta (pi_c - ref_c)",
            rtol=RTOL, bugs={"rewards without beta": want_c / beta})
    t.close(d["rejected_rewards"], want_r, what=f"{what}: rejected rewards", rtol=RTOL,
            bugs={"rewards without beta": want_r / beta})
    t.expect(not d["rewards_require_grad"], f"{what}: the returned rewards carry gradients; "
             "they are for logging and must be detached", bug="rewards not detached")
    gc, gr = _grads(pc, pr, rc, rr, beta)
    t.expect(d["grad_chosen"] is not None and d["grad_rejected"] is not None,
             f"{what}: no gradient reached the policy's log-probs (is the loss built from "
             "them with torch operations?)", bug="no gradient")
    t.close(d["grad_chosen"], gc, what=f"{what}: d loss / d policy_chosen", rtol=RTOL)
    t.close(d["grad_rejected"], gr, what=f"{what}: d loss / d policy_rejected", rtol=RTOL)


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: uniform logits over 2 tokens, and one preference pair."""
    logits, tokens = torch.zeros(1, 3, 2, dtype=torch.float64), torch.tensor([[1, 0, 1]])
    mask = torch.tensor([[0, 1, 1]])
    one = [torch.tensor([x], dtype=torch.float64) for x in (-5.0, -7.0, -6.0, -6.0)]
    got = yield [t.call("sequence_logprobs", logits, tokens, mask),
                 t.probe("loss_and_grads", *one, 0.1)]
    t.close(got[0], t.ref.sequence_logprobs(logits, tokens, mask),
            what="sequence_logprobs (-2 log 2)", rtol=RTOL, bugs=_logp_bugs(logits, tokens, mask))
    _judge_loss_probe(t, got[1], *one, 0.1, "the example pair")


@check(points=1, visible=True)
def gradient_pushes_chosen_up(t):
    """Gradient descent on the DPO loss raises the chosen response's log-prob and lowers the
    rejected one's: d loss / d pi_c < 0 < d loss / d pi_r, each equal to -/+ beta
    sigma(-margin) / B. Pairs with the policy already preferring the rejected response get
    the largest push."""
    pc = torch.tensor([-10.0, -12.0, -8.0, -20.0], dtype=torch.float64)
    pr = torch.tensor([-11.0, -9.0, -8.0, -15.0], dtype=torch.float64)
    rc = torch.tensor([-10.5, -11.0, -9.0, -18.0], dtype=torch.float64)
    rr = torch.tensor([-10.5, -10.0, -8.5, -17.0], dtype=torch.float64)
    got = yield t.probe("loss_and_grads", pc, pr, rc, rr, 0.5)
    _judge_loss_probe(t, got, pc, pr, rc, rr, 0.5, "four pairs")


# ---- hidden

@check(points=2)
def sequence_logprobs_exact(t):
    """Summed masked token log-probs for B = 6 sequences of T = 9 tokens over V = 13, with
    prompts, responses of different lengths and padding."""
    B, T, V = 6, 9, 13
    logits = _f64(t.rng, B, T, V, scale=2.0)
    tokens = torch.tensor(t.rng.integers(0, V, (B, T)))
    mask = _masks(t.rng, B, T)
    got = yield t.call("sequence_logprobs", logits, tokens, mask)
    t.close(got, t.ref.sequence_logprobs(logits, tokens, mask), what="sequence log-probs",
            rtol=RTOL, bugs=_logp_bugs(logits, tokens, mask))


@check(points=2)
def loss_rewards_and_gradients(t):
    """dpo_loss on 8 random pairs with beta in [0.05, 0.5]: loss, detached rewards and the
    gradients with respect to the policy's log-probs."""
    B = 8
    pc, pr = _f64(t.rng, B, scale=5.0) - 30, _f64(t.rng, B, scale=5.0) - 30
    rc, rr = pc + _f64(t.rng, B, scale=2.0), pr + _f64(t.rng, B, scale=2.0)
    beta = float(t.rng.uniform(0.05, 0.5))
    got = yield t.probe("loss_and_grads", pc, pr, rc, rr, beta)
    _judge_loss_probe(t, got, pc, pr, rc, rr, beta, f"8 pairs, beta {beta:.3f}")


@check(points=2)
def reference_model_matters(t):
    """The policy equals its reference on the chosen responses and is 3 nats above it on the
    rejected ones: the loss must see the reference (without it the policy's own preference
    decides)."""
    B = 5
    pc = _f64(t.rng, B, scale=3.0) - 20
    pr = pc - torch.tensor(t.rng.uniform(1.0, 4.0, B))  # the policy prefers chosen...
    rc, rr = pc.clone(), pr - 3.0  # ...but less than the reference model does
    got = yield t.probe("loss_and_grads", pc, pr, rc, rr, 1.0)
    _judge_loss_probe(t, got, pc, pr, rc, rr, 1.0, "policy vs reference")


@check(points=2)
def large_margins_stay_finite(t):
    """Log-prob differences in the thousands (long sequences): margins from -2000 to +1000
    nats after beta, one pair at least 1000 nats below 0, where sigmoid underflows to 0 in
    float64 (below -745). -log sigmoid(m) must be computed stably (log sigmoid, softplus):
    no inf, no nan, and exact gradients (0 and -beta/B in the saturated limits)."""
    pc = torch.tensor([-1000.0, -5000.0, -2000.0, -500.0], dtype=torch.float64)
    pr = torch.tensor([-3000.0, -1000.0, -2000.0, -2500.0], dtype=torch.float64)
    rc = torch.tensor([-2000.0, -2000.0, -2010.0, -1500.0], dtype=torch.float64)
    rr = torch.tensor([-2000.0, -2000.0, -1990.0, -1500.0], dtype=torch.float64)
    beta = float(t.rng.uniform(0.25, 0.5))
    got = yield t.probe("loss_and_grads", pc, pr, rc, rr, beta)
    d = got if isinstance(got, dict) else {}
    loss = d.get("loss")
    if isinstance(loss, torch.Tensor) and not bool(torch.isfinite(loss).all()):
        t.fail(f"the loss is {float(loss)} for margins down to {-int(4000 * beta)}: "
               "log(sigmoid(m)) underflows to log(0); use F.logsigmoid (or -softplus(-m))",
               bug="log(sigmoid) not stable")
    _judge_loss_probe(t, got, pc, pr, rc, rr, beta, "large margins")


@check(points=3)
def end_to_end_gradients(t):
    """The whole pipeline on a tiny 'language model': logits (B = 6 sequences: 3 chosen on
    even rows, 3 rejected on odd rows; T = 8, V = 10) for the policy and the reference, masks
    over the responses; the loss and d loss / d policy logits. The gradient must be exactly
    zero at prompt and padding positions."""
    B, T, V = 6, 8, 10
    policy = _f64(t.rng, B, T, V)
    ref = policy + _f64(t.rng, B, T, V, scale=0.5)
    tokens = torch.tensor(t.rng.integers(0, V, (B, T)))
    mask = _masks(t.rng, B, T)
    beta = float(t.rng.uniform(0.1, 1.0))
    got = yield t.probe("end_to_end", policy, ref, tokens, mask, beta)
    d = t.mapping(got, ["policy_logps", "ref_logps", "loss", "grad_logits"], "end_to_end")
    want_logp = t.ref.sequence_logprobs(policy, tokens, mask)
    want_ref = t.ref.sequence_logprobs(ref, tokens, mask)
    t.close(d["policy_logps"], want_logp, what="policy sequence log-probs", rtol=RTOL,
            bugs=_logp_bugs(policy, tokens, mask))
    t.close(d["ref_logps"], want_ref, what="reference sequence log-probs", rtol=RTOL,
            bugs=_logp_bugs(ref, tokens, mask))
    logits = policy.clone().requires_grad_(True)
    lp = t.ref.sequence_logprobs(logits, tokens, mask)
    loss = t.ref.dpo_loss(lp[0::2], lp[1::2], want_ref[0::2], want_ref[1::2], beta)[0]
    loss.backward()
    t.close(d["loss"], loss.detach(), what="loss", rtol=RTOL,
            bugs=_loss_bugs(want_logp[0::2], want_logp[1::2], want_ref[0::2], want_ref[1::2],
                            beta))
    grad = d["grad_logits"]
    t.expect(isinstance(grad, torch.Tensor), "no gradient reached the policy logits",
             bug="no gradient")
    outside = grad[mask == 0].abs().max() if bool((mask == 0).any()) else torch.tensor(0.0)
    t.expect(float(outside) == 0.0, f"the gradient at prompt/padding positions is "
             f"{float(outside):.3g}, not 0: the mask must remove those tokens from the loss",
             bug="mask ignored")
    t.close(grad, logits.grad, what="d loss / d policy logits", rtol=RTOL, atol=1e-15)
