#!/usr/bin/env python3
"""Reference values for the Engine tests, computed with NumPy (independently of the engine).

Writes, next to this script:
  lecture_mlp/*.npy      the initial tensors of the lecture's PyTorch example (float16-exact values)
  lecture_mlp/loss.json  its loss at every step of 500 SGD steps, computed here in float64
  numpy_cases.json       broadcasting, views, indexing, reductions, softmax, cat/stack cases
  pcg32.json             the first outputs of Random's PCG32 stream for seed 42 (pure Python)

Run: python3 Tests/Fixtures/engine/make_fixtures.py
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def lecture_mlp():
    """N, D_in, H, D_out = 64, 1000, 100, 10; Linear-ReLU-Linear; sum of squared errors; SGD lr 1e-4."""
    rng = np.random.default_rng(2017)
    n, d_in, h, d_out = 64, 1000, 100, 10
    # Stored as float16 so the fixture stays small; every value is exactly representable in float32.
    x = rng.standard_normal((n, d_in)).astype(np.float16)
    y = rng.standard_normal((n, d_out)).astype(np.float16)
    # PyTorch's nn.Linear default initialisation: U(-1/sqrt(in), 1/sqrt(in)).
    w1 = rng.uniform(-1, 1, (h, d_in)).astype(np.float16) * np.float16(1 / 32)
    b1 = rng.uniform(-1, 1, (h,)).astype(np.float16) * np.float16(1 / 32)
    w2 = rng.uniform(-1, 1, (d_out, h)).astype(np.float16) * np.float16(1 / 16)
    b2 = rng.uniform(-1, 1, (d_out,)).astype(np.float16) * np.float16(1 / 16)
    out = os.path.join(HERE, "lecture_mlp")
    os.makedirs(out, exist_ok=True)
    for name, a in dict(x=x, y=y, w1=w1, b1=b1, w2=w2, b2=b2).items():
        np.save(os.path.join(out, name + ".npy"), a)

    X, Y = x.astype(np.float64), y.astype(np.float64)
    W1, B1, W2, B2 = (a.astype(np.float64) for a in (w1, b1, w2, b2))
    lr = 1e-4
    losses = []
    for _ in range(500):
        pre = X @ W1.T + B1
        hid = np.maximum(pre, 0)
        pred = hid @ W2.T + B2
        diff = pred - Y
        losses.append(float((diff ** 2).sum()))
        g_pred = 2 * diff
        g_w2 = g_pred.T @ hid
        g_b2 = g_pred.sum(0)
        g_hid = g_pred @ W2
        g_pre = g_hid * (pre > 0)
        g_w1 = g_pre.T @ X
        g_b1 = g_pre.sum(0)
        W1 -= lr * g_w1; B1 -= lr * g_b1; W2 -= lr * g_w2; B2 -= lr * g_b2
    with open(os.path.join(out, "loss.json"), "w") as f:
        json.dump({"loss": losses, "w2_final_first_row": W2[0].tolist()}, f)


def t(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def numpy_cases():
    rng = np.random.default_rng(7)
    A = np.round(rng.standard_normal((3, 1, 4)), 3)
    B = np.round(rng.standard_normal((2, 1)), 3)
    M = np.arange(24, dtype=np.float64).reshape(4, 6) / 4 - 2
    P = np.round(rng.uniform(0.5, 2, (2, 3)), 3)
    Q = np.round(rng.standard_normal((3,)), 3)
    L = np.round(rng.standard_normal((2, 1, 3, 4)), 3)
    R = np.round(rng.standard_normal((5, 4, 2)), 3)
    idx = np.array([2, 0, -1, 2])
    mask = (M[:, 0] > -1).astype(np.float64)
    mask2 = (M > 0.4).astype(np.float64)
    sm_in = np.round(rng.standard_normal((3, 5)) * 3, 3)
    sm = np.exp(sm_in - sm_in.max(1, keepdims=True)); sm /= sm.sum(1, keepdims=True)
    set1 = M.copy(); set1[:, 1] = np.array([9, 8, 7, 6])
    set2 = M.copy(); set2[1:3, ::2] = -1
    set3 = M.copy(); set3[M > 3] = 0
    cases = {
        "inputs": {"A": t(A), "B": t(B), "M": t(M), "P": t(P), "Q": t(Q), "L": t(L), "R": t(R),
                   "idx": t(idx), "mask": t(mask), "mask2": t(mask2), "sm_in": t(sm_in)},
        "expected": {
            "A+B": t(A + B), "A-B": t(A - B), "A*B": t(A * B), "A/B": t(A / B),
            "P**Q": t(P ** Q), "maximum(A,B)": t(np.maximum(A, B)), "A>B": t((A > B).astype(float)),
            "M.T": t(M.T), "M[:,1:3]": t(M[:, 1:3]), "M[-1]": t(M[-1]), "M[1:,::2]": t(M[1:, ::2]),
            "M[None,...,0]": t(M[None, ..., 0]), "M[idx]": t(M[idx]), "M[:,idx]": t(M[:, idx]),
            "M[mask]": t(M[mask > 0]), "M[mask2]": t(M[mask2 > 0]),
            "M.T[1:4,2]": t(M.T[1:4, 2]), "M.reshape(3,8)": t(M.reshape(3, 8)),
            "M.T.reshape(-1)": t(M.T.reshape(-1)),
            "sum(A,0)": t(A.sum(0)), "sum(A,2,keep)": t(A.sum(2, keepdims=True)), "mean(M,1)": t(M.mean(1)),
            "max(M,0)": t(M.max(0)), "min(A,-1)": t(A.min(-1)), "argmax(sm_in,1)": t(sm_in.argmax(1)),
            "sum(M)": t(M.sum()),
            "L@R": t(L @ R), "M.T@M": t(M.T @ M), "Q@P.T": t(Q @ P.T),
            "softmax(sm_in)": t(sm), "log_softmax(sm_in)": t(np.log(sm)),
            "cat(M,M[:2],0)": t(np.concatenate([M, M[:2]], 0)), "stack(P,P*2,1)": t(np.stack([P, P * 2], 1)),
            "set M[:,1]": t(set1), "set M[1:3,::2]": t(set2), "set M[M>3]": t(set3),
            "clamp(M,-1,1)": t(np.clip(M, -1, 1)),
            "arange(0,1,0.3)": t(np.arange(0, 1, 0.3)), "arange(2,-3,-2)": t(np.arange(2, -3, -2)),
            "linspace(0,1,5)": t(np.linspace(0, 1, 5)), "logspace(0,2,3)": t(np.logspace(0, 2, 3)),
            "eye(3,4)": t(np.eye(3, 4)), "M.T.contiguous()": t(np.ascontiguousarray(M.T)),
            "M.T[:3]+Q[:,None]": t(M.T[:3, :] + Q[:, None]),
        },
    }
    with open(os.path.join(HERE, "numpy_cases.json"), "w") as f:
        json.dump(cases, f, indent=0)


def pcg32():
    """PCG32 (XSH-RR) with the engine's stream constant, seeded like pcg32_srandom_r."""
    mask = (1 << 64) - 1
    inc = ((0xDA3E39CB94B95BDB << 1) | 1) & mask
    state = 0

    def nxt():
        nonlocal state
        old = state
        state = (old * 6364136223846793005 + inc) & mask
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    nxt(); state = (state + 42) & mask; nxt()
    raw = [nxt() for _ in range(6)]
    uniforms = []
    for _ in range(4):
        a, b = nxt() >> 5, nxt() >> 6
        uniforms.append(a * 67108864 + b)  # the uniform times 2**53, exact in JSON
    normals = []
    for _ in range(4):
        us = []
        for _ in range(2):
            a, b = nxt() >> 5, nxt() >> 6
            us.append((a * 67108864.0 + b) / 9007199254740992.0)
        normals.append(math.sqrt(-2 * math.log(1 - us[0])) * math.cos(2 * math.pi * us[1]))
    with open(os.path.join(HERE, "pcg32.json"), "w") as f:
        json.dump({"seed": 42, "raw": raw, "uniform_times_2_53": uniforms, "normal": normals}, f)


if __name__ == "__main__":
    lecture_mlp()
    numpy_cases()
    pcg32()
