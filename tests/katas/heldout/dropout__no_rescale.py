# kata: dropout
# bug: rescal|1 - p|scale
def dropout(x, p, training, rng):
    if not training:
        return x
    return x * (rng.random(x.shape) > p)
