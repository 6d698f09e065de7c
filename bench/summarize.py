#!/usr/bin/env python3
"""The markdown table of a bench/run output directory: OUT/cases.tsv names each row (case,
title, peer, absolute target, ratio target), OUT/json/<case>-r<round>.json holds hyperfine's
times. The median is over the timed runs of all rounds; the ratio is conndoctor's median over the
peer's."""
import glob
import json
import os
import statistics
import sys


def times(out, case, name):
    ts, codes = [], set()
    for path in sorted(glob.glob(os.path.join(out, "json", case + "-r*.json"))):
        with open(path) as f:
            for result in json.load(f)["results"]:
                if result["command"] == name:
                    ts += result["times"]
                    codes.update(result.get("exit_codes") or [])
    return ts, codes


def secs(x):
    return f"{x:.3f} s" if x >= 0.1 else f"{x:.4f} s"


def spread(ts):
    return f"{min(ts):.2f}–{max(ts):.2f}"


def main(out):
    rows = []
    with open(os.path.join(out, "cases.tsv")) as f:
        for line in f:
            case, title, peer, abs_target, ratio_target = line.rstrip("\n").split("\t")
            rows.append((case, title, peer, abs_target, ratio_target))

    print("| case | conndoctor | peer | peer's median | ratio | target | met |")
    print("| --- | ---: | --- | ---: | ---: | --- | --- |")
    notes = []
    seen = set()
    for case, title, peer, abs_target, ratio_target in rows:
        shown = title if case not in seen else "(same case)"
        seen.add(case)
        cd, cd_codes = times(out, case, "conndoctor")
        pt, peer_codes = times(out, case, peer)
        if not cd or not pt:
            print(f"| {shown} | ? | {peer} | ? | ? | | no data |")
            continue
        cd_med, peer_med = statistics.median(cd), statistics.median(pt)
        ratio = cd_med / peer_med
        targets, met = [], []
        if abs_target != "-":
            targets.append(f"<= {abs_target} s")
            met.append(cd_med <= float(abs_target))
        if ratio_target != "-":
            targets.append(f"<= {ratio_target}x {peer}")
            met.append(ratio <= float(ratio_target))
        verdict = ("yes" if all(met) else "no") if met else ""
        print(f"| {shown} | {secs(cd_med)} ({spread(cd)}) | `{peer}` | {secs(peer_med)} | {ratio:.1f}x "
              f"| {' and '.join(targets)} | {verdict} |")
        for who, codes in (("conndoctor", cd_codes), (peer, peer_codes)):
            if len(codes) > 1:
                notes.append(f"{case}: {who} exited with different codes across runs: {sorted(codes)}")
    print()
    print("Medians of whole-process wall time over all timed runs (conndoctor's fastest–slowest run in"
          " brackets, in seconds); ratio = conndoctor / peer.")
    for note in notes:
        print(f"- warning: {note}")


if __name__ == "__main__":
    main(sys.argv[1])
