import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    precision = 1.0 / var0 + x.size / noise_var  # precisions add
    var_n = 1.0 / precision
    mu_n = var_n * (mu0 / var0 + x.sum() / noise_var)
    return float(mu_n), float(var_n)



def predictive(x, mu0, var0, noise_var):
    mu_n, var_n = posterior(x, mu0, var0, noise_var)
    return mu_n, var_n + noise_var


def sequential(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    means, variances = [float(mu0)], [float(var0)]
    var = float(var0)
    for xi in x:
        mu, _ = posterior(xi[None], mu0, var0, noise_var)  # BUG: always from the original prior
        var = 1.0 / (1.0 / var + 1.0 / noise_var)
        means.append(mu)
        variances.append(var)
    return np.array(means), np.array(variances)
