#!/usr/bin/env python3
# tests/check_ctest_cases.py --ctest CTEST --build-dir DIR BINARY...
#
# Checks that every Catch2 case of each test BINARY runs exactly once under
# CTest: each case name (hidden "[.]" cases excepted) is the name of exactly
# one CTest test whose command is that binary, and that test's arguments
# select exactly that case and no other. catch_discover_tests builds the test
# list from the binary's case names; a ";" in a name splits it into two CTest
# tests that each select nothing, and a name the Catch2 test-spec parser reads
# as a pattern ("*", ",", "[") may select several cases or none.
# Exit status 0 when all hold; 1 with one line per problem otherwise.

import argparse
import json
import os
import subprocess
import sys


def list_cases(command):
    out = subprocess.run(command + ["--list-test-names-only"], capture_output=True, text=True,
                         timeout=120)
    # Catch2 v2 exits with the number of listed cases; the output is the list.
    return [line for line in out.stdout.split("\n") if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ctest", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()

    shown = subprocess.run([args.ctest, "--show-only=json-v1"], cwd=args.build_dir,
                           capture_output=True, text=True, timeout=120)
    if shown.returncode != 0:
        print("ctest --show-only=json-v1 failed:\n" + shown.stderr)
        return 1
    tests = json.loads(shown.stdout)["tests"]

    problems = []
    checked = 0
    for binary in args.binaries:
        cases = list_cases([binary])
        if not cases:
            problems.append(f"{binary}: lists no test cases")
            continue
        real = os.path.realpath(binary)
        mine = [t for t in tests if t.get("command") and os.path.realpath(t["command"][0]) == real]
        names = [t["name"] for t in mine]
        for case in cases:
            n = names.count(case)
            if n != 1:
                problems.append(f"{binary}: case \"{case}\" is {n} CTest tests (want 1)")
        for test in mine:
            if test["name"] not in cases:
                problems.append(f"{binary}: CTest test \"{test['name']}\" is no Catch2 case "
                                "(a case name split by CTest?)")
                continue
            selected = list_cases(test["command"])
            if selected != [test["name"]]:
                problems.append(f"CTest test \"{test['name']}\" runs {len(selected)} cases: "
                                f"{selected[:3]}")
            checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} CTest tests checked against {len(args.binaries)} binaries; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
