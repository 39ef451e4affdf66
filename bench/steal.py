"""The VM's steal time beside each round of a benchmark:
`.venv/bin/python bench/steal.py -- ../shared/peers/interleave.sh 3 20 32`.

Runs the command (its output passes through), reads /proc/stat every half second meanwhile,
and then prints, for each busy stretch (a round: over 60% of the CPUs busy for more than
10 s), how long it lasted and the share of CPU time the host gave to something else (steal).
On a shared VM the steal of a round moves its figures more than most code changes do, so a
comparison of two rounds says little unless their steal is alike.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import threading
import time

BUSY, SHORTEST_ROUND = 0.6, 10.0


def _cpu_times() -> list[int]:
    with open("/proc/stat") as stat:
        fields = stat.readline().split()[1:9]
    return [int(field) for field in fields]  # user nice system idle iowait irq softirq steal


def _sample(samples: list, stop: threading.Event) -> None:
    while not stop.is_set():
        samples.append((time.monotonic(), _cpu_times()))
        stop.wait(0.5)


def _spent(before: list[int], after: list[int]) -> list[int]:
    return [y - x for x, y in zip(before, after, strict=True)]


def rounds(samples: list) -> list[tuple[float, float]]:
    """(seconds, steal %) of each busy stretch."""
    found, start = [], None

    def close(end):
        spent = _spent(start[1], end[1])
        if end[0] - start[0] >= SHORTEST_ROUND:
            found.append((end[0] - start[0], 100 * spent[7] / (sum(spent) or 1)))

    for before, after in itertools.pairwise(samples):
        spent = _spent(before[1], after[1])
        busy = (sum(spent) - spent[3] - spent[4]) / (sum(spent) or 1) > BUSY
        if busy and start is None:
            start = before
        elif not busy and start is not None:
            close(before)
            start = None
    if start is not None:
        close(samples[-1])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the benchmark, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("name the benchmark to run after --")
    samples: list = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(samples, stop), daemon=True)
    sampler.start()
    try:
        code = subprocess.call(command)
    finally:
        stop.set()
        sampler.join()
    for n, (seconds, steal) in enumerate(rounds(samples), 1):
        print(f"busy stretch {n}: {seconds:.0f} s, steal {steal:.1f}%")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
