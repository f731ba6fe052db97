"""BUG: gradients accumulate across episodes (no optimizer.zero_grad())."""

import numpy as np
import torch


def discounted_returns(rewards, gamma):
    rewards = np.asarray(rewards, dtype=np.float64)
    assert rewards.ndim == 1 and 0.0 <= gamma <= 1.0
    returns = np.zeros_like(rewards)  # (T,)
    running = 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running  # G_t = r_t + gamma * G_{t+1}
        returns[t] = running
    return returns


def reinforce_loss(log_probs, returns, baseline=None):
    returns = torch.as_tensor(returns, dtype=log_probs.dtype)
    advantage = returns if baseline is None else returns - baseline  # (T,)
    return -(log_probs * advantage.detach()).mean()  # no gradient into returns or baseline


def train(env, policy, optimizer, episodes, gamma=0.99):
    totals = []
    for _ in range(episodes):
        obs, done = env.reset(), False
        log_probs, rewards = [], []
        while not done:
            logits = policy(torch.as_tensor(obs, dtype=torch.float32))  # (n_actions,)
            log_p = torch.log_softmax(logits, dim=-1)
            action = int(torch.multinomial(log_p.exp(), 1))
            obs, reward, done = env.step(action)
            log_probs.append(log_p[action])
            rewards.append(reward)
        returns = torch.as_tensor(discounted_returns(rewards, gamma), dtype=torch.float32)
        loss = reinforce_loss(torch.stack(log_probs), returns)  # one update per episode
        loss.backward()
        optimizer.step()
        totals.append(float(sum(rewards)))
    return totals
