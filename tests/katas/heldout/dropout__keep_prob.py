# kata: dropout
# bug: keep|divided by p
def dropout(x, p, training, rng):
    if not training or p == 0:
        return x
    mask = rng.random(x.shape) < p
    return x * mask / p
