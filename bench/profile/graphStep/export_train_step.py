"""Experiment: a whole MLP training step (forward, backward, Adam) as ONE TensorFlow graph, saved as a
SavedModel whose `train_step` signature tfjs-node can call through the C API it already links
(tf.node.loadSavedModel -> TF_SessionRun). Measures the ceiling for "one graph per step" from Node.

Usage: python export_train_step.py OUT_DIR   (run with the bench venv's python)
"""

import sys

import tensorflow as tf

out = sys.argv[1]


class MlpTrainer(tf.Module):
    def __init__(self):
        super().__init__()
        init = tf.keras.initializers.GlorotUniform(seed=1)
        sizes = [784, 128, 64, 10]
        self.ws = [tf.Variable(init((a, b)), name=f"w{i}") for i, (a, b) in enumerate(zip(sizes, sizes[1:]))]
        self.bs = [tf.Variable(tf.zeros((b,)), name=f"b{i}") for i, b in enumerate(sizes[1:])]
        # Adam by hand: Keras 3 optimizer state is not tracked by tf.Module, so it would not be saved.
        self.ms = [tf.Variable(tf.zeros_like(v), name=f"m{i}") for i, v in enumerate(self.ws + self.bs)]
        self.vs = [tf.Variable(tf.zeros_like(v), name=f"v{i}") for i, v in enumerate(self.ws + self.bs)]
        self.t = tf.Variable(0.0, name="t")

    @tf.function(input_signature=[tf.TensorSpec([64, 784], tf.float32), tf.TensorSpec([64, 10], tf.float32)])
    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            h = x
            for i, (w, b) in enumerate(zip(self.ws, self.bs)):
                h = tf.matmul(h, w) + b
                h = tf.nn.relu(h) if i < 2 else tf.nn.softmax(h)
            loss = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(y, h))
        variables = self.ws + self.bs
        grads = tape.gradient(loss, variables)
        lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
        t = self.t.assign_add(1.0)
        alpha = lr * tf.sqrt(1 - b2**t) / (1 - b1**t)
        for var, g, m, v in zip(variables, grads, self.ms, self.vs):
            m.assign(b1 * m + (1 - b1) * g)
            v.assign(b2 * v + (1 - b2) * tf.square(g))
            var.assign_sub(alpha * m / (tf.sqrt(v) + eps))
        return {"loss": loss}


m = MlpTrainer()
tf.saved_model.save(m, out, signatures={"train_step": m.train_step})
print("saved", out)
