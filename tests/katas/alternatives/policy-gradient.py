"""policy-gradient written differently: returns from a discount matrix, the advantage computed
under no_grad, actions sampled with NumPy, and log-probs recomputed from the stacked episode."""

import numpy as np
import torch


def discounted_returns(rewards, gamma):
    r = np.asarray(rewards, dtype=np.float32)
    t = np.arange(len(r))
    lag = t[None, :] - t[:, None]  # (T, T): k - t
    weights = np.where(lag >= 0, np.float32(gamma) ** np.maximum(lag, 0), 0.0)
    return (weights @ r).astype(np.float32)


def reinforce_loss(log_probs, returns, baseline=None):
    with torch.no_grad():
        advantage = returns.to(log_probs.dtype).clone()
        if baseline is not None:
            advantage -= baseline
    return -torch.dot(log_probs, advantage) / log_probs.numel()


def train(env, policy, optimizer, episodes, gamma=0.99):
    history = []
    for _ in range(episodes):
        observations, actions, rewards = [], [], []
        obs, done = env.reset(), False
        while not done:
            with torch.no_grad():
                probs = torch.softmax(policy(torch.from_numpy(obs)[None]), dim=-1)[0].numpy()
            action = int(np.random.choice(len(probs), p=probs / probs.sum()))
            observations.append(obs)
            actions.append(action)
            obs, reward, done = env.step(action)
            rewards.append(reward)
        batch = torch.from_numpy(np.stack(observations))
        log_p = torch.log_softmax(policy(batch), dim=-1)
        taken = log_p.gather(1, torch.tensor(actions)[:, None]).squeeze(1)
        loss = reinforce_loss(taken, torch.from_numpy(discounted_returns(rewards, gamma)))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        history.append(float(np.sum(rewards)))
    return history
