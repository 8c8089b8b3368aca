#!/usr/bin/env python3
"""Times commands in alternating rounds, for ratios on a noisy machine.

hyperfine runs all the runs of one command, then all of the next: when the
machine's speed drifts over a minute (a shared VM), the ratio between two
commands drifts with it. Here every round runs each command once, in turn,
and the ratio to the first command is taken within each round.

    scripts/alternate.py ROUNDS 'name=shell command' 'name=shell command' ...

The first command is the reference (the floor). One warm-up run each.
Prints, per command: the median and minimum wall time, the ratio of
medians, and the median (and range) of the per-round ratios.

Example, in a corpus made by `gen-corpus` (each build with its own index):

    scripts/alternate.py 15 \\
      "floor=exec target/release/examples/floor . --mode parallel --repeat 1" \\
      "nwlint=exec target/release/nwlint check --format concise"
"""

import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(sys.argv[1])
    cmds = []
    for arg in sys.argv[2:]:
        name, sep, cmd = arg.partition("=")
        if not sep or not cmd:
            print(f"expected name=command, got {arg!r}", file=sys.stderr)
            return 2
        cmds.append((name, cmd))

    def run(cmd: str) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    for _, cmd in cmds:
        run(cmd)
    times = {name: [] for name, _ in cmds}
    for _ in range(rounds):
        for name, cmd in cmds:
            times[name].append(run(cmd))
    ref = times[cmds[0][0]]
    for name, _ in cmds:
        t = times[name]
        per_round = [a / b for a, b in zip(t, ref)]
        print(
            f"{name:16s} median {statistics.median(t) * 1e3:8.1f} ms"
            f"  min {min(t) * 1e3:8.1f} ms"
            f"  ratio of medians {statistics.median(t) / statistics.median(ref):5.2f}x"
            f"  per-round ratio median {statistics.median(per_round):5.2f}x"
            f" [{min(per_round):.2f}-{max(per_round):.2f}]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
