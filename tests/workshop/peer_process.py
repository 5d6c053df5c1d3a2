"""A second app process in the tests: joins a workshop, submits comments, then reports what it sees.

python tests/workshop/peer_process.py URL CODE N LABEL EXPECTED_TOTAL   -> prints JSON
python tests/workshop/peer_process.py URL CODE N LABEL ack              -> prints each acknowledged id, one a line
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from foresight.workshop import aggregates, db, service  # noqa: E402


def main() -> None:
    url, code, n, label, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    engine = db.make_engine(url)
    seat = service.join(engine, code, label)
    mine = []
    for i in range(n):
        done = service.submit(
            engine, seat.token, "own", "comment", {"comment": f"{label} {i}"}, f"{label}-{i}"
        )
        mine.append(done.submission_id)
        if mode == "ack":
            print(done.submission_id, flush=True)
    if mode == "ack":
        return
    expected = int(mode)
    deadline = time.monotonic() + 30
    seen: list[str] = []
    while time.monotonic() < deadline:
        seen = [e.comment for e in aggregates.comments(engine, seat.workshop_id)]
        if len(seen) >= expected:
            break
        time.sleep(0.1)
    print(json.dumps({"mine": mine, "seen": seen, "version": service.version(engine, seat.workshop_id)}))


if __name__ == "__main__":
    main()
