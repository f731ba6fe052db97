"""Public harness for policy-gradient: the environment, the policy network and the probes.

Nothing here knows the right answers: the checks judge what comes back on their own side.
"""

import numpy as np
import torch
from torch import nn

LENGTH, MAX_STEPS, SLIP = 5, 10, 0.1
OBS_DIM, N_ACTIONS = LENGTH + 1, 2


class Corridor:
    """A corridor of cells 0..4 with a goal at one end; the last observation entry says which.

    Actions: 0 = left, 1 = right; with probability 0.1 the move goes the other way. Reaching the
    goal end pays +1, the other end -1, every other step 0; an episode ends at either end or
    after 10 steps. `episodes` records every (obs, action, reward), for the checks.
    """

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.episodes = []
        self.done = True

    def _obs(self):
        obs = np.zeros(OBS_DIM, dtype=np.float32)
        obs[self.pos] = 1.0
        obs[-1] = self.goal_side  # -1: goal at cell 0, +1: goal at cell 4
        return obs

    def reset(self):
        self.goal_side = float(self.rng.choice([-1.0, 1.0]))
        self.pos, self.steps, self.done = int(self.rng.integers(1, LENGTH - 1)), 0, False
        self.episodes.append({"obs": [], "actions": [], "rewards": []})
        return self._obs()

    def step(self, action):
        if self.done:
            raise RuntimeError("the episode is over: call env.reset() first")
        action = int(action)
        if action not in (0, 1):
            raise ValueError(f"action must be 0 or 1, got {action}")
        record = self.episodes[-1]
        record["obs"].append(self._obs())
        record["actions"].append(action)
        move = 1 if action == 1 else -1
        if self.rng.random() < SLIP:
            move = -move
        self.pos, self.steps = self.pos + move, self.steps + 1
        goal = LENGTH - 1 if self.goal_side > 0 else 0
        if self.pos == goal:
            reward, self.done = 1.0, True
        elif self.pos in (0, LENGTH - 1):
            reward, self.done = -1.0, True
        else:
            reward, self.done = 0.0, self.steps >= MAX_STEPS
        record["rewards"].append(reward)
        return self._obs(), reward, self.done


class Policy(nn.Module):
    """float32 observation (OBS_DIM,) -> action logits (N_ACTIONS,); batches work too."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(OBS_DIM, 16), nn.Tanh(), nn.Linear(16, N_ACTIONS))

    def forward(self, obs):
        return self.net(obs)


def reinforce_grads(solution, log_probs, returns, baseline=None):
    """Your reinforce_loss on tensors that all require grad, and the gradients autograd finds."""
    leaves = {"log_probs": log_probs.clone().requires_grad_(True),
              "returns": returns.clone().requires_grad_(True),
              "baseline": None if baseline is None else baseline.clone().requires_grad_(True)}
    loss = solution.reinforce_loss(leaves["log_probs"], leaves["returns"], leaves["baseline"])
    grads = dict.fromkeys(leaves)
    if isinstance(loss, torch.Tensor) and loss.requires_grad and loss.numel() == 1:
        loss.backward()
        grads = {k: None if v is None else v.grad for k, v in leaves.items()}
    return {"loss": loss, "grads": grads}


def train_policy(solution, env_seed, state, episodes, gamma, optimizer, lr, record):
    """Your train on a fresh Corridor and a Policy holding `state`; the trained weights back."""
    env = Corridor(env_seed)
    policy = Policy()
    policy.load_state_dict(state)
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[optimizer](policy.parameters(), lr=lr)
    rewards = solution.train(env, policy, opt, episodes, gamma)
    seen = [{"obs": np.array(e["obs"], dtype=np.float32).reshape(-1, OBS_DIM),
             "actions": np.array(e["actions"], dtype=np.int64),
             "rewards": np.array(e["rewards"], dtype=np.float64)} for e in env.episodes]
    return {"rewards": rewards,
            "episodes": seen if record else [float(e["rewards"].sum()) for e in seen],
            "state": dict(policy.state_dict())}
