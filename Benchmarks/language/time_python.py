"""Times a Python program the way LanguageBenchmark times a Descent one: best of N runs of
the code (compiled once, run with exec in a fresh namespace), wall and process CPU seconds.
Usage: python3.11 time_python.py program.py [N]"""
import sys, time, contextlib, io

path, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
code = compile(open(path).read(), path, "exec")
best_wall = best_cpu = float("inf")
for _ in range(repeats):
    with contextlib.redirect_stdout(io.StringIO()):
        w, c = time.perf_counter(), time.process_time()
        exec(code, {"__name__": "__main__"})
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
print(f"{path.rsplit('/', 1)[-1]}: {best_wall:.4f} {best_cpu:.4f}")
