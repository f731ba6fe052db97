"""Public harness for ablation-study: runs a small study with the candidate's functions."""


def study(solution, seeds):
    """run() with the component on and off for each seed, then compare() on the results."""
    on = [solution.run(True, int(s)) for s in seeds]
    off = [solution.run(False, int(s)) for s in seeds]
    return {"on": [float(v) for v in on], "off": [float(v) for v in off],
            "summary": solution.compare(list(map(float, on)), list(map(float, off)))}
