import torch
import torch.nn.functional as F


def sequence_logprobs(logits, tokens, mask):
    """Sum over the masked positions of log softmax(logits)[token]; shape (B,)."""
    raise NotImplementedError


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """The DPO loss (a scalar tensor) and the detached implicit rewards (B,) of both responses."""
    raise NotImplementedError
