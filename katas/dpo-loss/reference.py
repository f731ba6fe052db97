"""The DPO loss (Rafailov et al. 2023) from per-token logits of a policy and a reference model."""

import torch.nn.functional as F


def sequence_logprobs(logits, tokens, mask):
    # logits (B, T, V): position t scores token t; tokens (B, T) long; mask (B, T) 1 = response
    assert logits.shape[:2] == tokens.shape == mask.shape
    logp = F.log_softmax(logits, dim=-1)  # (B, T, V)
    token_logp = logp.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)  # (B, T)
    return (token_logp * mask.to(logp.dtype)).sum(dim=-1)  # (B,) log pi(response | prompt)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    # all (B,): summed log-probs of the chosen and rejected responses
    chosen_logratio = policy_chosen - ref_chosen  # log pi/pi_ref of the preferred response
    rejected_logratio = policy_rejected - ref_rejected
    margin = beta * (chosen_logratio - rejected_logratio)  # (B,) reward margin
    loss = -F.logsigmoid(margin).mean()  # -log sigma(margin), stable for any margin
    chosen_rewards = (beta * chosen_logratio).detach()  # implicit rewards, for logging only
    rejected_rewards = (beta * rejected_logratio).detach()
    return loss, chosen_rewards, rejected_rewards
