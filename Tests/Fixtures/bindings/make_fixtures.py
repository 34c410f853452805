"""Writes the .npy and .safetensors fixtures of the Bindings tests with NumPy and the
safetensors package (independent of Descent's own readers and writers).

    python3 Tests/Fixtures/bindings/make_fixtures.py
"""
import os

import numpy as np
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
np.save(os.path.join(here, "matrix_f32.npy"), np.array([[1.5, -2, 3], [4, 5, 6.25]], dtype=np.float32))
np.save(os.path.join(here, "labels_i64.npy"), np.array([0, 2, 1], dtype=np.int64))
np.save(os.path.join(here, "column_f64.npy"), np.array([0.1, 0.2], dtype=np.float64))
save_file({
    "0.weight": np.array([[0.5, -1], [2, 0.25], [1, 1]], dtype=np.float32),
    "0.bias": np.array([0.1, 0.2, 0.3], dtype=np.float32),
}, os.path.join(here, "linear.safetensors"))
# Integer types that must load exactly (HostileInputTests): uint8 and int8 are not booleans, and
# int64 values past 2**53 do not survive a trip through a double.
np.save(os.path.join(here, "small_u8.npy"), np.array([0, 5, 255], dtype=np.uint8))
np.save(os.path.join(here, "small_i8.npy"), np.array([-128, 0, 127], dtype=np.int8))
np.save(os.path.join(here, "extreme_i64.npy"), np.array([2**62 + 1, -2**63, 2**63 - 1], dtype=np.int64))
