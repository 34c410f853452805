"""Descent's bridge to Ray (docs/ARCHITECTURE.md, "Searches on a Ray cluster").

A `descent` process with `cluster=` starts `python3 -m descent_ray`, sends it the session to
rebuild and the search's trials as JSON lines on stdin, and reads each trial's record back on
stdout as its Ray task finishes. Each task runs on a node in a `descent trial-worker` that the
node's Ray worker keeps for the search (the replay of the session is paid once per worker).
"""
