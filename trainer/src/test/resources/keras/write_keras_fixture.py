"""Writes keras_stem.h5 the way Keras 2's save_weights_to_hdf5_group does, with h5py.

Run: python3 write_keras_fixture.py   (needs h5py and numpy; Debian: apt-get install python3-h5py)
The Java test reads the committed output, so the build does not need Python.
"""
import h5py
import numpy as np

LAYERS = ["input_1", "conv1/conv", "conv1/bn", "conv1/relu"]


def weights(layer):
    if layer == "conv1/conv":
        a, b, c, d = np.meshgrid(np.arange(7), np.arange(7), np.arange(3), np.arange(4), indexing="ij")
        return [("conv1/conv/kernel:0", (a * 1000 + b * 100 + c * 10 + d).astype(np.float32))]
    if layer == "conv1/bn":
        names = ["gamma", "beta", "moving_mean", "moving_variance"]
        return [("conv1/bn/%s:0" % n, np.array([i, i + 0.5, i + 1, i + 1.5], np.float32)) for i, n in enumerate(names)]
    return []


with h5py.File("keras_stem.h5", "w") as f:
    # Keras: save_attributes_to_hdf5_group(f, 'layer_names', [name.encode('utf8') ...])
    f.attrs["layer_names"] = [n.encode("utf8") for n in LAYERS]
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.2.4"
    for layer in sorted(LAYERS):
        g = f.create_group(layer)
        ws = weights(layer)
        # An empty list becomes an empty float64 array attribute, as in Keras.
        g.attrs["weight_names"] = [n.encode("utf8") for n, _ in ws]
        for name, value in ws:
            g.create_dataset(name, value.shape, dtype=value.dtype)[:] = value
