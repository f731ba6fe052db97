"""Public harness for reinforce-baseline: runs the estimators over many independent batches."""

import numpy as np


def estimates(solution, theta, actions, rewards, fit_actions, fit_rewards):
    """For each batch r: the plain estimate, the baseline fitted on fit batch r, and the
    estimate with that baseline. actions/rewards have shape (R, N)."""
    plain, with_baseline, baselines = [], [], []
    for r in range(len(actions)):
        b = float(solution.fit_baseline(theta, fit_actions[r], fit_rewards[r]))
        plain.append(solution.policy_gradient_estimate(theta, actions[r], rewards[r]))
        with_baseline.append(solution.policy_gradient_estimate(theta, actions[r], rewards[r], b))
        baselines.append(b)
    return {"plain": np.array(plain, dtype=np.float64),
            "with_baseline": np.array(with_baseline, dtype=np.float64),
            "baselines": np.array(baselines)}
