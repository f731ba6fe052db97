"""dpo-loss written differently: log-probs as logit minus logsumexp, the loss through
softplus (-log sigmoid(m) = softplus(-m)), rewards built without autograd."""

import torch


def sequence_logprobs(logits, tokens, mask):
    picked = torch.take_along_dim(logits, tokens[..., None], dim=-1)[..., 0]
    token_logp = picked - torch.logsumexp(logits, dim=-1)
    weights = mask.to(dtype=logits.dtype)
    return torch.einsum("bt,bt->b", token_logp, weights)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    policy_gap = policy_chosen - policy_rejected
    reference_gap = ref_chosen - ref_rejected
    loss = torch.nn.functional.softplus(-beta * (policy_gap - reference_gap)).mean()
    with torch.no_grad():
        chosen_rewards = beta * (policy_chosen - ref_chosen)
        rejected_rewards = beta * (policy_rejected - ref_rejected)
    return loss, chosen_rewards, rejected_rewards
