"""Public probes for dpo-loss: they call your functions with autograd on and return plain
tensors (values and gradients). Nothing here knows the right answers."""

import torch


def loss_and_grads(solution, pc, pr, rc, rr, beta):
    """dpo_loss on (B,) log-probs; the policy's log-probs require grad, the reference's do not.
    Returns the loss, both rewards, whether the rewards carry grad, and d loss / d policy."""
    pc, pr = pc.clone().requires_grad_(True), pr.clone().requires_grad_(True)
    loss, chosen_r, rejected_r = solution.dpo_loss(pc, pr, rc.clone(), rr.clone(), float(beta))
    loss.backward()
    return {"loss": loss.detach(), "chosen_rewards": chosen_r.detach(),
            "rejected_rewards": rejected_r.detach(),
            "rewards_require_grad": bool(chosen_r.requires_grad or rejected_r.requires_grad),
            "grad_chosen": pc.grad, "grad_rejected": pr.grad}


def end_to_end(solution, policy_logits, ref_logits, tokens, mask, beta):
    """Log-probs of chosen (even rows) and rejected (odd rows) responses under the policy and
    the reference model, the DPO loss, and its gradient with respect to the policy's logits."""
    logits = policy_logits.clone().requires_grad_(True)
    logp = solution.sequence_logprobs(logits, tokens, mask)
    with torch.no_grad():
        ref_logp = solution.sequence_logprobs(ref_logits, tokens, mask)
    loss, _, _ = solution.dpo_loss(logp[0::2], logp[1::2], ref_logp[0::2], ref_logp[1::2],
                                   float(beta))
    loss.backward()
    return {"policy_logps": logp.detach(), "ref_logps": ref_logp, "loss": loss.detach(),
            "grad_logits": logits.grad}
