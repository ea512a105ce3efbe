"""Benchmark worker for Keras (TensorFlow for Python): plain `model.fit`.

Usage: python keras_bench.py '<json spec>'  (spec: see bench/run.mjs). Writes a JSON result to spec["out"].
Threads and oneDNN come from the environment the parent sets (TF_NUM_INTRAOP_THREADS, ...), and are
also set through tf.config so that the count is certain.
"""

import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
spec = json.loads(sys.argv[1])

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

load_s = time.perf_counter() - t0
tf.config.threading.set_intra_op_parallelism_threads(spec["threads"])
tf.config.threading.set_inter_op_parallelism_threads(spec["threads"])


def build(name):
    if name == "mlp":
        layers = [
            keras.Input((784,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    elif name == "resnet":
        return compile_model(build_resnet())
    else:
        layers = [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    return compile_model(keras.Sequential(layers))


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")
    return model


def build_resnet():
    # Same as buildResnet in bench/lib/tfjsModels.mjs.
    def conv(x, filters, kernel, strides=1):
        return keras.layers.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)

    def bn_relu(x):
        return keras.layers.ReLU()(keras.layers.BatchNormalization()(x))

    def block(x, filters, strides=1):
        y = bn_relu(conv(x, filters, 3, strides))
        y = keras.layers.BatchNormalization()(conv(y, filters, 3))
        shortcut = x if strides == 1 else keras.layers.BatchNormalization()(conv(x, filters, 1, strides))
        return keras.layers.ReLU()(keras.layers.Add()([y, shortcut]))

    inputs = keras.Input((32, 32, 3))
    x = bn_relu(conv(inputs, 16, 3))
    x = block(block(x, 16), 16)
    x = block(block(x, 32, 2), 32)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))


class EpochTimer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(time.perf_counter() - self.t)


def bench_one(run):
    data = run["data"]
    n = run.get("samples") or data["samples"]
    x = np.fromfile(os.path.join(data["dir"], data["x"]), dtype="<f4")[: n * int(np.prod(data["shape"]))]
    x = x.reshape([n, *data["shape"]])
    y = np.fromfile(os.path.join(data["dir"], data["y"]), dtype="<i4")[:n]
    y = np.eye(data["classes"], dtype="float32")[y]
    model = build(run["model"])
    args = dict(batch_size=spec["batchSize"], shuffle=True, verbose=0)
    w0 = time.perf_counter()
    model.fit(x, y, epochs=run["warmupEpochs"], **args)
    result = {"model": run["model"], "samples_per_epoch": n, "batch_size": spec["batchSize"]}
    result["warmup_s"] = time.perf_counter() - w0
    timer = EpochTimer()
    t0 = time.perf_counter()
    history = model.fit(x, y, epochs=run["timedEpochs"], callbacks=[timer], **args)
    total = time.perf_counter() - t0
    result.update(
        ok=True,
        epoch_s=timer.epochs,
        timed_s=total,
        samples_per_s=n * run["timedEpochs"] / total,
        final_loss=float(history.history["loss"][-1]),
    )
    return result


results = [bench_one(run) for run in spec["runs"]]
info = {
    "load_s": load_s,
    "tensorflow": tf.__version__,
    "keras": keras.__version__,
    "numpy": np.__version__,
    "python": sys.version.split()[0],
    "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
    "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
    "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default"),
}
with open(spec["out"], "w") as f:
    json.dump({"framework": "keras", "info": info, "results": results}, f, indent=2)
