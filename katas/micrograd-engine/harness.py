"""Public harness for micrograd-engine: builds an expression graph with your Value and runs
backward on it. Nothing here knows the expected answers.

A program is a list of operations; node i < len(inputs) is Value(inputs[i]) and every
operation appends one node, built from earlier nodes (by index) and plain numbers:

    ["add", i, j]  v_i + v_j        ["addc", i, c]  v_i + c        ["radd", c, i]  c + v_i
    ["sub", i, j]  v_i - v_j        ["mulc", i, c]  v_i * c        ["rmul", c, i]  c * v_i
    ["mul", i, j]  v_i * v_j        ["pow", i, c]   v_i ** c       ["rsub", c, i]  c - v_i
    ["div", i, j]  v_i / v_j        ["neg", i]      -v_i           ["rdiv", c, i]  c / v_i
    ["tanh", i]  ["relu", i]  ["exp", i]  ["log", i]               (methods of v_i)

The last node is the output: run() calls its backward() once.
"""

import operator

BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv}
WITH_CONSTANT = {"addc": operator.add, "mulc": operator.mul, "pow": operator.pow}
REFLECTED = {"radd": operator.add, "rmul": operator.mul, "rsub": operator.sub,
             "rdiv": operator.truediv}
UNARY = ("tanh", "relu", "exp", "log")


def build(Value, inputs, program):
    """The nodes of `program` built with `Value`, inputs first."""
    nodes = [Value(x) for x in inputs]
    for op, *args in program:
        if op in BINARY:
            node = BINARY[op](nodes[args[0]], nodes[args[1]])
        elif op in WITH_CONSTANT:
            node = WITH_CONSTANT[op](nodes[args[0]], args[1])
        elif op in REFLECTED:
            node = REFLECTED[op](args[0], nodes[args[1]])
        elif op == "neg":
            node = -nodes[args[0]]
        elif op in UNARY:
            node = getattr(nodes[args[0]], op)()
        else:
            raise ValueError(f"unknown operation {op!r}")
        nodes.append(node)
    return nodes


def _number(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def run(solution, inputs, program):
    """Every node's .data after the forward pass and its .grad after output.backward()."""
    nodes = build(solution.Value, inputs, program)
    data = [_number(getattr(n, "data", None)) for n in nodes]
    nodes[-1].backward()
    return {"data": data, "grad": [_number(getattr(n, "grad", None)) for n in nodes]}
